import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAppliedCommands1796500000000 implements MigrationInterface {
  name = 'CreateAppliedCommands1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "applied_command" (
                "event_id" uuid NOT NULL,
                "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_applied_command" PRIMARY KEY ("event_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_applied_command_applied_at" ON "applied_command" ("applied_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_applied_command_applied_at"`);
    await queryRunner.query(`DROP TABLE "applied_command"`);
  }
}
