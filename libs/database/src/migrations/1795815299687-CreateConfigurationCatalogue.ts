import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateConfigurationCatalogue1795815299687 implements MigrationInterface {
  name = 'CreateConfigurationCatalogue1795815299687';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "config_map" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "namespace" character varying(63) NOT NULL,
                "name" character varying(253) NOT NULL,
                "data" jsonb NOT NULL DEFAULT '{}',
                "labels" jsonb NOT NULL DEFAULT '{}',
                "resource_version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_config_map" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_config_map_namespace_name" ON "config_map" ("namespace", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "device_configuration" (
                "device_id" character varying(253) NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "version" bigint NOT NULL,
                "content" jsonb,
                "content_hash" character varying(64),
                "rendered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_device_configuration" PRIMARY KEY ("device_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_configuration_namespace" ON "device_configuration" ("namespace")
        `);
    await queryRunner.query(`
            CREATE TABLE "device_set" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "namespace" character varying(63) NOT NULL,
                "name" character varying(253) NOT NULL,
                "spec" jsonb NOT NULL,
                "resource_version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_device_set" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_device_set_namespace_name" ON "device_set" ("namespace", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "device_spec" (
                "device_id" character varying(253) NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "spec" jsonb NOT NULL,
                "resource_version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_device_spec" PRIMARY KEY ("device_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "playbook_execution" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "namespace" character varying(63) NOT NULL,
                "name" character varying(253) NOT NULL,
                "device_id" character varying(253) NOT NULL,
                "playbook" text NOT NULL,
                "resource_version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_playbook_execution" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_playbook_execution_device_id" ON "playbook_execution" ("device_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_playbook_execution_namespace_name" ON "playbook_execution" ("namespace", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "secret" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "namespace" character varying(63) NOT NULL,
                "name" character varying(253) NOT NULL,
                "type" character varying(63) NOT NULL,
                "keys" jsonb NOT NULL DEFAULT '[]',
                "sealed_data" text NOT NULL,
                "resource_version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_secret" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_secret_namespace_name" ON "secret" ("namespace", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "workload" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "namespace" character varying(63) NOT NULL,
                "name" character varying(253) NOT NULL,
                "spec" jsonb NOT NULL,
                "resource_version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_workload" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_workload_namespace_name" ON "workload" ("namespace", "name")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."UQ_workload_namespace_name"
        `);
    await queryRunner.query(`
            DROP TABLE "workload"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_secret_namespace_name"
        `);
    await queryRunner.query(`
            DROP TABLE "secret"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_playbook_execution_namespace_name"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_playbook_execution_device_id"
        `);
    await queryRunner.query(`
            DROP TABLE "playbook_execution"
        `);
    await queryRunner.query(`
            DROP TABLE "device_spec"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_device_set_namespace_name"
        `);
    await queryRunner.query(`
            DROP TABLE "device_set"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_configuration_namespace"
        `);
    await queryRunner.query(`
            DROP TABLE "device_configuration"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_config_map_namespace_name"
        `);
    await queryRunner.query(`
            DROP TABLE "config_map"
        `);
  }
}
