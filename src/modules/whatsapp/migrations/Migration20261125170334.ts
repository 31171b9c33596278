import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125170334 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" drop constraint if exists "whatsapp_webhook_receipt_dedupe_key_unique";`);
    this.addSql(`alter table if exists "whatsapp_template" drop constraint if exists "whatsapp_template_name_language_unique";`);
    this.addSql(`alter table if exists "whatsapp_customer_tag" drop constraint if exists "whatsapp_customer_tag_customer_id_tag_id_unique";`);
    this.addSql(`alter table if exists "whatsapp_tag" drop constraint if exists "whatsapp_tag_name_unique";`);
    this.addSql(`alter table if exists "whatsapp_message" drop constraint if exists "whatsapp_message_wamid_unique";`);
    this.addSql(`alter table if exists "whatsapp_message" drop constraint if exists "whatsapp_message_idempotency_key_unique";`);
    this.addSql(`alter table if exists "whatsapp_contact" drop constraint if exists "whatsapp_contact_wa_id_unique";`);
    this.addSql(`create table if not exists "whatsapp_contact" ("id" text not null, "wa_id" text not null, "customer_id" text null, "profile_name" text null, "transactional_consent" text check ("transactional_consent" in ('unknown', 'granted', 'revoked')) not null default 'unknown', "transactional_consent_source" text null, "transactional_consent_at" timestamptz null, "marketing_consent" text check ("marketing_consent" in ('unknown', 'granted', 'revoked')) not null default 'unknown', "marketing_consent_source" text null, "marketing_consent_at" timestamptz null, "last_inbound_at" timestamptz null, "last_outbound_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_contact_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_contact_deleted_at" ON "whatsapp_contact" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_contact_wa_id_unique" ON "whatsapp_contact" ("wa_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_contact_customer_id" ON "whatsapp_contact" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_message" ("id" text not null, "idempotency_key" text not null, "direction" text check ("direction" in ('inbound', 'outbound')) not null, "contact_id" text null, "wa_id" text not null, "customer_id" text null, "order_id" text null, "wamid" text null, "type" text not null, "template_name" text null, "template_language" text null, "template_parameters" jsonb null, "text" text null, "payload" jsonb null, "context_wamid" text null, "status" text check ("status" in ('pending', 'accepted', 'sent', 'delivered', 'read', 'failed', 'received')) not null default 'pending', "accepted_at" timestamptz null, "sent_at" timestamptz null, "delivered_at" timestamptz null, "read_at" timestamptz null, "failed_at" timestamptz null, "received_at" timestamptz null, "error_code" integer null, "error_title" text null, "error_details" text null, "category" text null, "pricing" jsonb null, "source" text null, "attempts" integer not null default 0, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_message_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_message_deleted_at" ON "whatsapp_message" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_message_idempotency_key_unique" ON "whatsapp_message" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_message_wamid_unique" ON "whatsapp_message" ("wamid") WHERE wamid IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_message_contact_id_created_at" ON "whatsapp_message" ("contact_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_message_customer_id_created_at" ON "whatsapp_message" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_message_order_id" ON "whatsapp_message" ("order_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_tag" ("id" text not null, "name" text not null, "kind" text check ("kind" in ('auto', 'manual')) not null default 'manual', "description" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_tag_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_tag_deleted_at" ON "whatsapp_tag" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_tag_name_unique" ON "whatsapp_tag" ("name") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_customer_tag" ("id" text not null, "customer_id" text not null, "source" text check ("source" in ('auto', 'manual')) not null default 'manual', "tag_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_customer_tag_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_customer_tag_tag_id" ON "whatsapp_customer_tag" ("tag_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_customer_tag_deleted_at" ON "whatsapp_customer_tag" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_customer_tag_customer_id_tag_id_unique" ON "whatsapp_customer_tag" ("customer_id", "tag_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_template" ("id" text not null, "provider_template_id" text null, "name" text not null, "language" text not null, "category" text not null, "status" text not null, "components" jsonb null, "parameter_format" text null, "quality_score" text null, "rejected_reason" text null, "synced_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_template_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_template_deleted_at" ON "whatsapp_template" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_template_name_language_unique" ON "whatsapp_template" ("name", "language") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_webhook_receipt" ("id" text not null, "dedupe_key" text not null, "raw_body" text not null, "signature" text null, "status" text check ("status" in ('pending', 'processed', 'failed')) not null default 'pending', "attempts" integer not null default 0, "next_attempt_at" timestamptz null, "processed_at" timestamptz null, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_webhook_receipt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_webhook_receipt_deleted_at" ON "whatsapp_webhook_receipt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_webhook_receipt_dedupe_key_unique" ON "whatsapp_webhook_receipt" ("dedupe_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_webhook_receipt_status_next_attempt_at" ON "whatsapp_webhook_receipt" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "whatsapp_customer_tag" add constraint "whatsapp_customer_tag_tag_id_foreign" foreign key ("tag_id") references "whatsapp_tag" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_customer_tag" drop constraint if exists "whatsapp_customer_tag_tag_id_foreign";`);

    this.addSql(`drop table if exists "whatsapp_contact" cascade;`);

    this.addSql(`drop table if exists "whatsapp_message" cascade;`);

    this.addSql(`drop table if exists "whatsapp_tag" cascade;`);

    this.addSql(`drop table if exists "whatsapp_customer_tag" cascade;`);

    this.addSql(`drop table if exists "whatsapp_template" cascade;`);

    this.addSql(`drop table if exists "whatsapp_webhook_receipt" cascade;`);
  }

}
