import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Written by hand: webhook receipts get the `ignored` state and their per-item notes; messages,
// conversations and consent changes record the business number (phone_number_id) they belong to.
export class Migration20261207100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" drop constraint if exists "whatsapp_webhook_receipt_status_check";`);
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" add constraint "whatsapp_webhook_receipt_status_check" check ("status" in ('pending', 'processed', 'failed', 'ignored'));`);
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" add column if not exists "notes" jsonb null;`);
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" add column if not exists "redacted_at" timestamptz null;`);
    this.addSql(`alter table if exists "whatsapp_message" add column if not exists "phone_number_id" text null;`);
    this.addSql(`alter table if exists "whatsapp_conversation" add column if not exists "phone_number_id" text null;`);
    this.addSql(`alter table if exists "whatsapp_contact" add column if not exists "marketing_consent_phone_number_id" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_webhook_receipt_retention" ON "whatsapp_webhook_receipt" ("created_at") WHERE deleted_at IS NULL AND redacted_at IS NULL AND status IN ('processed', 'ignored');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_whatsapp_webhook_receipt_retention";`);
    this.addSql(`alter table if exists "whatsapp_contact" drop column if exists "marketing_consent_phone_number_id";`);
    this.addSql(`alter table if exists "whatsapp_conversation" drop column if exists "phone_number_id";`);
    this.addSql(`alter table if exists "whatsapp_message" drop column if exists "phone_number_id";`);
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" drop column if exists "redacted_at";`);
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" drop column if exists "notes";`);
    this.addSql(`update "whatsapp_webhook_receipt" set "status" = 'processed' where "status" = 'ignored';`);
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" drop constraint if exists "whatsapp_webhook_receipt_status_check";`);
    this.addSql(`alter table if exists "whatsapp_webhook_receipt" add constraint "whatsapp_webhook_receipt_status_check" check ("status" in ('pending', 'processed', 'failed'));`);
  }

}
