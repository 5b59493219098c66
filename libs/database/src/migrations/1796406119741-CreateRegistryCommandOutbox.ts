import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateRegistryCommandOutbox1796406119741 implements MigrationInterface {
  name = 'CreateRegistryCommandOutbox1796406119741';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "registry_command_outbox" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "event_id" uuid NOT NULL,
                "topic" character varying(249) NOT NULL,
                "message_key" character varying(512) NOT NULL,
                "payload" jsonb NOT NULL,
                "headers" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_registry_command_outbox" PRIMARY KEY ("id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "registry_command_outbox"`);
  }
}
