import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class RecordHeartbeatsAndPresence1795815482496 implements MigrationInterface {
  name = 'RecordHeartbeatsAndPresence1795815482496';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "device_event" (
                "heartbeat_id" uuid NOT NULL,
                "seq" smallint NOT NULL,
                "device_id" character varying(253) NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "type" character varying(32),
                "reason" character varying(253),
                "message" text,
                CONSTRAINT "PK_device_event" PRIMARY KEY ("heartbeat_id", "seq")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_event_received_at" ON "device_event" ("received_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_event_device_received_at" ON "device_event" ("device_id", "received_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "recording_policy" (
                "namespace" character varying(63) NOT NULL,
                "policy" character varying(16) NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_recording_policy" PRIMARY KEY ("namespace")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "workloads" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "playbook_executions" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "upgrade" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "hardware" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "presence" character varying(8) NOT NULL DEFAULT 'online'
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "period_seconds" integer NOT NULL DEFAULT '60'
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "late_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status"
            ADD "offline_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_status_namespace_presence" ON "device_status" ("namespace", "presence")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_status_present_offline_at" ON "device_status" ("offline_at")
            WHERE presence <> 'offline'
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_status_online_late_at" ON "device_status" ("late_at")
            WHERE presence = 'online'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_status_online_late_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_status_present_offline_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_status_namespace_presence"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "offline_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "late_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "period_seconds"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "presence"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "hardware"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "upgrade"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "playbook_executions"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_status" DROP COLUMN "workloads"
        `);
    await queryRunner.query(`
            DROP TABLE "recording_policy"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_event_device_received_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_event_received_at"
        `);
    await queryRunner.query(`
            DROP TABLE "device_event"
        `);
  }
}
