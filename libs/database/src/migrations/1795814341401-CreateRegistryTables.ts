import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateRegistryTables1795814341401 implements MigrationInterface {
  name = 'CreateRegistryTables1795814341401';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "auto_approval_rule" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(63) NOT NULL,
                "device_id_pattern" character varying(253) NOT NULL,
                "namespace_pattern" character varying(63) NOT NULL,
                "target_namespace" character varying(63),
                "labels" jsonb NOT NULL DEFAULT '{}',
                "priority" integer NOT NULL DEFAULT '100',
                "enabled" boolean NOT NULL DEFAULT true,
                "resource_version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_auto_approval_rule" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_auto_approval_rule_name" ON "auto_approval_rule" ("name")
        `);
    await queryRunner.query(`
            CREATE TABLE "device_status" (
                "device_id" character varying(253) NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "status" character varying(64),
                "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "config_version" character varying(64),
                "last_event_id" uuid NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_device_status" PRIMARY KEY ("device_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "device_view" (
                "device_id" character varying(253) NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "requested_namespace" character varying(63) NOT NULL,
                "state" character varying(16) NOT NULL,
                "revision" integer NOT NULL,
                "labels" jsonb NOT NULL DEFAULT '{}',
                "hardware" jsonb,
                "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decided_by" character varying(253),
                "decision_reason" text,
                "registered_at" TIMESTAMP WITH TIME ZONE,
                "decommissioned_at" TIMESTAMP WITH TIME ZONE,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_device_view" PRIMARY KEY ("device_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_view_state_enrolled_at" ON "device_view" ("state", "enrolled_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_view_namespace_state" ON "device_view" ("namespace", "state")
        `);
    await queryRunner.query(`
            CREATE TABLE "device" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "device_id" character varying(253) NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "requested_namespace" character varying(63) NOT NULL,
                "state" character varying(16) NOT NULL,
                "revision" integer NOT NULL DEFAULT '1',
                "labels" jsonb NOT NULL DEFAULT '{}',
                "hardware" jsonb,
                "enrolment_info" jsonb,
                "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decided_by" character varying(253),
                "decision_reason" text,
                "registered_at" TIMESTAMP WITH TIME ZONE,
                "decommissioned_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_device" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_device_device_id" ON "device" ("device_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "registration_outbox" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "event_id" uuid NOT NULL,
                "topic" character varying(249) NOT NULL,
                "message_key" character varying(512) NOT NULL,
                "payload" jsonb NOT NULL,
                "headers" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_registration_outbox" PRIMARY KEY ("id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "registration_outbox"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_device_device_id"
        `);
    await queryRunner.query(`
            DROP TABLE "device"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_view_namespace_state"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_view_state_enrolled_at"
        `);
    await queryRunner.query(`
            DROP TABLE "device_view"
        `);
    await queryRunner.query(`
            DROP TABLE "device_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_auto_approval_rule_name"
        `);
    await queryRunner.query(`
            DROP TABLE "auto_approval_rule"
        `);
  }
}
