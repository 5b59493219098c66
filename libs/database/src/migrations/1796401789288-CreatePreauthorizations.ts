import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreatePreauthorizations1796401789288 implements MigrationInterface {
  name = 'CreatePreauthorizations1796401789288';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "device_preauthorization" (
                "device_id" character varying(253) NOT NULL,
                "id" uuid NOT NULL,
                "namespace" character varying(63) NOT NULL,
                "labels" jsonb NOT NULL DEFAULT '{}',
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "created_by" character varying(300) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_device_preauthorization" PRIMARY KEY ("device_id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_device_preauthorization_id" ON "device_preauthorization" ("id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_device_preauthorization_namespace" ON "device_preauthorization" ("namespace", "device_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "preauthorization_use" (
                "preauthorization_id" uuid NOT NULL,
                "device_id" character varying(253) NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_preauthorization_use" PRIMARY KEY ("preauthorization_id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "preauthorization_use"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_device_preauthorization_namespace"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_device_preauthorization_id"
        `);
    await queryRunner.query(`
            DROP TABLE "device_preauthorization"
        `);
  }
}
