import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125172958 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" drop constraint if exists "whatsapp_campaign_recipient_idempotency_key_unique";`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" drop constraint if exists "whatsapp_campaign_recipient_campaign_id_contact_id_unique";`);
    this.addSql(`create table if not exists "whatsapp_campaign" ("id" text not null, "name" text not null, "status" text check ("status" in ('draft', 'scheduled', 'running', 'paused', 'completed', 'canceled', 'failed')) not null default 'draft', "status_reason" text null, "resume_after" timestamptz null, "segment_id" text null, "segment_rules" jsonb null, "retarget" jsonb null, "message_kind" text check ("message_kind" in ('template', 'text')) not null default 'template', "template_name" text null, "template_language" text null, "template_category" text null, "parameters" jsonb null, "text" text null, "cta" jsonb null, "discount_code" text null, "scheduled_at" timestamptz null, "timezone" text null, "attribution_window_days" integer not null default 7, "frozen_at" timestamptz null, "audience_count" integer not null default 0, "checkpoint_seq" integer not null default 0, "started_at" timestamptz null, "finished_at" timestamptz null, "created_by" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_campaign_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_deleted_at" ON "whatsapp_campaign" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_status_scheduled_at" ON "whatsapp_campaign" ("status", "scheduled_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_campaign_event" ("id" text not null, "campaign_id" text not null, "from_status" text null, "to_status" text not null, "actor" text not null, "reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_campaign_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_event_deleted_at" ON "whatsapp_campaign_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_event_campaign_id_created_at" ON "whatsapp_campaign_event" ("campaign_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_campaign_recipient" ("id" text not null, "campaign_id" text not null, "contact_id" text not null, "customer_id" text null, "wa_id" text not null, "seq" integer not null, "idempotency_key" text not null, "status" text check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped')) not null default 'queued', "not_before" timestamptz null, "attempts" integer not null default 0, "claimed_by" text null, "claimed_at" timestamptz null, "message_id" text null, "sent_at" timestamptz null, "reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_campaign_recipient_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_recipient_deleted_at" ON "whatsapp_campaign_recipient" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_recipient_campaign_id_contact_id_unique" ON "whatsapp_campaign_recipient" ("campaign_id", "contact_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_recipient_idempotency_key_unique" ON "whatsapp_campaign_recipient" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_recipient_campaign_id_status_seq" ON "whatsapp_campaign_recipient" ("campaign_id", "status", "seq") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_recipient_campaign_id_seq" ON "whatsapp_campaign_recipient" ("campaign_id", "seq") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "whatsapp_campaign" cascade;`);

    this.addSql(`drop table if exists "whatsapp_campaign_event" cascade;`);

    this.addSql(`drop table if exists "whatsapp_campaign_recipient" cascade;`);
  }

}
