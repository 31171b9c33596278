import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125171309 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_notification_mapping" drop constraint if exists "whatsapp_notification_mapping_event_unique";`);
    this.addSql(`alter table if exists "whatsapp_notification" drop constraint if exists "whatsapp_notification_key_unique";`);
    this.addSql(`create table if not exists "whatsapp_notification" ("id" text not null, "key" text not null, "event" text not null, "resource_id" text not null, "order_id" text null, "customer_id" text null, "status" text check ("status" in ('pending', 'sent', 'skipped', 'failed')) not null default 'pending', "reason" text null, "message_id" text null, "template_name" text null, "template_language" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_notification_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_notification_deleted_at" ON "whatsapp_notification" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_notification_key_unique" ON "whatsapp_notification" ("key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_notification_order_id" ON "whatsapp_notification" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_notification_status_created_at" ON "whatsapp_notification" ("status", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "whatsapp_notification_mapping" ("id" text not null, "event" text not null, "enabled" boolean not null default true, "template_name" text not null, "template_language" text not null, "parameters" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "whatsapp_notification_mapping_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_notification_mapping_deleted_at" ON "whatsapp_notification_mapping" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_notification_mapping_event_unique" ON "whatsapp_notification_mapping" ("event") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "whatsapp_notification" cascade;`);

    this.addSql(`drop table if exists "whatsapp_notification_mapping" cascade;`);
  }

}
