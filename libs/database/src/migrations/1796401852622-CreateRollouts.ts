import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateRollouts1796401852622 implements MigrationInterface {
  name = 'CreateRollouts1796401852622';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rollout_device" ("rollout_id" uuid NOT NULL, "device_id" character varying(253) NOT NULL, "batch" integer NOT NULL, "state" character varying(12) NOT NULL, "previous_content" jsonb, "previous_hash" character varying(64), "target_version" bigint, "workloads" jsonb, "started_at" TIMESTAMP WITH TIME ZONE, "reason" character varying(300), CONSTRAINT "PK_rollout_device" PRIMARY KEY ("rollout_id", "device_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rollout_policy" ("namespace" character varying(63) NOT NULL, "batches" jsonb NOT NULL, "success_threshold_percent" smallint NOT NULL, "device_timeout_seconds" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_rollout_policy" PRIMARY KEY ("namespace"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rollout" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "namespace" character varying(63) NOT NULL, "state" character varying(20) NOT NULL, "change" jsonb NOT NULL, "batches" jsonb NOT NULL, "success_threshold_percent" smallint NOT NULL, "device_timeout_seconds" integer NOT NULL, "current_batch" integer NOT NULL DEFAULT '-1', "overridden_batch" integer NOT NULL DEFAULT '-1', "reason" jsonb, "announced" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_rollout" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_rollout_unannounced" ON "rollout" ("id") WHERE announced = false`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_rollout_active_namespace" ON "rollout" ("namespace") WHERE state IN ('progressing', 'waiting-approval', 'paused')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_rollout_namespace_created" ON "rollout" ("namespace", "created_at", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_rollout_namespace_created"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_rollout_active_namespace"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rollout_unannounced"`);
    await queryRunner.query(`DROP TABLE "rollout"`);
    await queryRunner.query(`DROP TABLE "rollout_policy"`);
    await queryRunner.query(`DROP TABLE "rollout_device"`);
  }
}
