import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The heartbeat worker stops reading the config service's `device_configuration`: the config service announces
 * each change (`announced`, relayed to `device.configuration-changed.v1`) and the worker keeps its own
 * `desired_configuration`. Existing rows start unannounced, so the relay publishes every served configuration once.
 */
export class PublishConfigurationChanges1795900000000 implements MigrationInterface {
  name = 'PublishConfigurationChanges1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "device_configuration" ADD "announced" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_configuration_unannounced" ON "device_configuration" ("device_id")
            WHERE announced = false
        `);
    await queryRunner.query(`
            CREATE TABLE "desired_configuration" (
                "device_id" character varying(253) NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "version" bigint NOT NULL,
                "served" boolean NOT NULL,
                "heartbeat_period_seconds" integer,
                "hardware_profile_scope" character varying(5),
                "rendered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_desired_configuration" PRIMARY KEY ("device_id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "desired_configuration"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_configuration_unannounced"
        `);
    await queryRunner.query(`
            ALTER TABLE "device_configuration" DROP COLUMN "announced"
        `);
  }
}
