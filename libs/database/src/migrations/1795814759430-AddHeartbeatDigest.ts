import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AddHeartbeatDigest1795814759430 implements MigrationInterface {
  name = 'AddHeartbeatDigest1795814759430';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "last_digest" character varying(64)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "last_digest"
        `);
  }
}
