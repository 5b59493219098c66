import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AddDeviceSyncState1795817178087 implements MigrationInterface {
  name = 'AddDeviceSyncState1795817178087';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "in_sync" boolean
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "in_sync"
        `);
  }
}
