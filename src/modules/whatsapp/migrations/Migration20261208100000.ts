import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Written by hand: WhatsApp's 2026 identities. A contact is keyed by its phone (wa_id) or its
// business-scoped user id (user_id, "BSUID"): a username user may reach us with the BSUID alone,
// so wa_id becomes nullable on contacts, messages and campaign recipients, and at least one of
// the two is required on a contact. parent_user_id and username are kept when Meta sends them.
export class Migration20261208100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_contact" alter column "wa_id" drop not null;`);
    this.addSql(`alter table if exists "whatsapp_contact" add column if not exists "user_id" text null;`);
    this.addSql(`alter table if exists "whatsapp_contact" add column if not exists "parent_user_id" text null;`);
    this.addSql(`alter table if exists "whatsapp_contact" add column if not exists "username" text null;`);
    this.addSql(`alter table if exists "whatsapp_contact" drop constraint if exists "whatsapp_contact_identity_check";`);
    this.addSql(`alter table if exists "whatsapp_contact" add constraint "whatsapp_contact_identity_check" check ("wa_id" is not null or "user_id" is not null);`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_contact_user_id_unique" ON "whatsapp_contact" ("user_id") WHERE deleted_at IS NULL AND user_id IS NOT NULL;`);
    this.addSql(`alter table if exists "whatsapp_message" alter column "wa_id" drop not null;`);
    this.addSql(`alter table if exists "whatsapp_message" add column if not exists "user_id" text null;`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" alter column "wa_id" drop not null;`);
  }

  override async down(): Promise<void> {
    // BSUID-only rows cannot live without a phone: they go with the columns.
    this.addSql(`delete from "whatsapp_campaign_recipient" where "wa_id" is null;`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" alter column "wa_id" set not null;`);
    this.addSql(`delete from "whatsapp_message" where "wa_id" is null;`);
    this.addSql(`alter table if exists "whatsapp_message" drop column if exists "user_id";`);
    this.addSql(`alter table if exists "whatsapp_message" alter column "wa_id" set not null;`);
    this.addSql(`drop index if exists "IDX_whatsapp_contact_user_id_unique";`);
    this.addSql(`alter table if exists "whatsapp_contact" drop constraint if exists "whatsapp_contact_identity_check";`);
    this.addSql(`delete from "whatsapp_contact" where "wa_id" is null;`);
    this.addSql(`alter table if exists "whatsapp_contact" drop column if exists "username";`);
    this.addSql(`alter table if exists "whatsapp_contact" drop column if exists "parent_user_id";`);
    this.addSql(`alter table if exists "whatsapp_contact" drop column if exists "user_id";`);
    this.addSql(`alter table if exists "whatsapp_contact" alter column "wa_id" set not null;`);
  }

}
