import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125172141 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_segment" drop constraint if exists "whatsapp_segment_name_unique";`);
    this.addSql(`alter table if exists "whatsapp_customer_metric" drop constraint if exists "whatsapp_customer_metric_customer_id_unique";`);
    this.addSql(`create table if not exists "whatsapp_customer_metric" ("id" text not null, "customer_id" text not null, "order_count" integer not null default 0, "first_order_at" timestamptz null, "last_order_at" timestamptz null, "avg_gap_days" real null, "currency_code" text null, "total_spent" numeric not null default 0, "aov" numeric null, "expected_next_order_at" timestamptz null, "overdue" boolean not null default false, "last_inbound_at" timestamptz null, "last_read_at" timestamptz null, "last_contacted_at" timestamptz null, "replies_7d" integer not null default 0, "replies_30d" integer not null default 0, "has_contact" boolean not null default false, "country_code" text null, "rfm_recency" integer null, "rfm_frequency" integer null, "rfm_monetary" integer null, "rfm_segment" text null, "computed_at" timestamptz not null, "raw_total_spent" jsonb not null default '{"value":"0","precision":20}', "raw_aov" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_customer_metric_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_customer_metric_deleted_at" ON "whatsapp_customer_metric" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_customer_metric_customer_id_unique" ON "whatsapp_customer_metric" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_customer_metric_rfm_segment" ON "whatsapp_customer_metric" ("rfm_segment") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_segment" ("id" text not null, "name" text not null, "description" text null, "rules" jsonb not null, "created_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_segment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_segment_deleted_at" ON "whatsapp_segment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_segment_name_unique" ON "whatsapp_segment" ("name") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "whatsapp_customer_metric" cascade;`);

    this.addSql(`drop table if exists "whatsapp_segment" cascade;`);
  }

}
