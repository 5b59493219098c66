import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateRateLimitBuckets1796402021228 implements MigrationInterface {
  name = 'CreateRateLimitBuckets1796402021228';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Hand-edited: UNLOGGED (no WAL on the per-request upsert; a crash only refills every bucket).
    await queryRunner.query(`
            CREATE UNLOGGED TABLE "rate_limit_bucket" (
                "key" character varying(400) NOT NULL,
                "tokens" double precision NOT NULL,
                "refilled_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "full_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "allowed" boolean NOT NULL,
                CONSTRAINT "PK_rate_limit_bucket" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_rate_limit_bucket_full_at" ON "rate_limit_bucket" ("full_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_rate_limit_bucket_full_at"`);
    await queryRunner.query(`DROP TABLE "rate_limit_bucket"`);
  }
}
