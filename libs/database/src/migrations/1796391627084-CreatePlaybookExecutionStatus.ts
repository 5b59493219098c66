import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreatePlaybookExecutionStatus1796391627084 implements MigrationInterface {
  name = 'CreatePlaybookExecutionStatus1796391627084';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "playbook_execution_status" (
                "device_id" character varying(253) NOT NULL,
                "name" character varying(253) NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "state" character varying(64) NOT NULL,
                "last_transition_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "conditions" jsonb NOT NULL DEFAULT '[]',
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_playbook_execution_status" PRIMARY KEY ("device_id", "name")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "playbook_execution_status"
        `);
  }
}
