import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125172354 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_discount_code" drop constraint if exists "whatsapp_discount_code_code_unique";`);
    this.addSql(`alter table if exists "whatsapp_conversation" drop constraint if exists "whatsapp_conversation_contact_id_unique";`);
    this.addSql(`create table if not exists "whatsapp_conversation" ("id" text not null, "contact_id" text not null, "customer_id" text null, "status" text check ("status" in ('open', 'resolved')) not null default 'open', "handover" boolean not null default false, "assigned_to" text null, "waiting_since" timestamptz null, "last_inbound_at" timestamptz null, "last_reply_at" timestamptz null, "last_response_ms" integer null, "response_count" integer not null default 0, "response_seconds_total" integer not null default 0, "away_sent_on" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_conversation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_conversation_deleted_at" ON "whatsapp_conversation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_conversation_contact_id_unique" ON "whatsapp_conversation" ("contact_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_conversation_status_waiting_since" ON "whatsapp_conversation" ("status", "waiting_since") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_discount_code" ("id" text not null, "contact_id" text not null, "customer_id" text null, "rule_id" text not null, "scope" text not null, "campaign_id" text null, "promotion_id" text null, "code" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_discount_code_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_discount_code_deleted_at" ON "whatsapp_discount_code" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_discount_code_contact_id_scope_expires_at" ON "whatsapp_discount_code" ("contact_id", "scope", "expires_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_discount_code_code_unique" ON "whatsapp_discount_code" ("code") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_faq" ("id" text not null, "title" text not null, "answer" text not null, "language" text not null default 'th', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_faq_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_faq_deleted_at" ON "whatsapp_faq" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_reply_rule" ("id" text not null, "name" text not null, "keywords" jsonb not null, "match_mode" text check ("match_mode" in ('exact', 'contains', 'fuzzy', 'regex')) not null default 'contains', "fuzzy_threshold" real null, "priority" integer not null default 100, "enabled" boolean not null default true, "active_hours" jsonb null, "payloads" jsonb null, "campaign_id" text null, "actions" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_reply_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_reply_rule_deleted_at" ON "whatsapp_reply_rule" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_reply_rule_enabled_priority" ON "whatsapp_reply_rule" ("enabled", "priority") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "whatsapp_conversation" cascade;`);

    this.addSql(`drop table if exists "whatsapp_discount_code" cascade;`);

    this.addSql(`drop table if exists "whatsapp_faq" cascade;`);

    this.addSql(`drop table if exists "whatsapp_reply_rule" cascade;`);
  }

}
