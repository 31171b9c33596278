import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Written by hand: the append-only consent history (consent/consent.ts) and the double opt-in
// requests waiting for their YES. Ledgers, not models: no DML entity, no soft delete. Updates and
// deletes of events are refused by a trigger, so history cannot be rewritten through SQL either.
export class Migration20261210400000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "whatsapp_consent_event" (
      "id" text not null primary key,
      "contact_id" text not null,
      "customer_id" text null,
      "purpose" text not null check ("purpose" in ('transactional', 'marketing')),
      "old_state" text not null,
      "new_state" text not null check ("new_state" in ('unknown', 'granted', 'revoked', 'pending', 'expired')),
      "source" text not null,
      "actor_type" text not null check ("actor_type" in ('customer', 'admin', 'system')),
      "actor_id" text null,
      "wording" text null,
      "wording_version" text null,
      "ip" text null,
      "user_agent" text null,
      "reference" text null,
      "reason" text null,
      "proof_reference" text null,
      "request_id" text null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index if not exists "IDX_whatsapp_consent_event_contact" on "whatsapp_consent_event" ("contact_id", "purpose", "created_at" desc);`);
    this.addSql(`create index if not exists "IDX_whatsapp_consent_event_customer" on "whatsapp_consent_event" ("customer_id", "created_at" desc) where "customer_id" is not null;`);
    this.addSql(`create or replace function whatsapp_consent_event_append_only() returns trigger language plpgsql as $$
      begin raise exception 'whatsapp_consent_event is append-only'; end $$;`);
    this.addSql(`drop trigger if exists "whatsapp_consent_event_append_only" on "whatsapp_consent_event";`);
    this.addSql(`create trigger "whatsapp_consent_event_append_only" before update or delete on "whatsapp_consent_event"
      for each row execute function whatsapp_consent_event_append_only();`);

    this.addSql(`create table if not exists "whatsapp_consent_request" (
      "id" text not null primary key,
      "contact_id" text not null,
      "customer_id" text null,
      "purpose" text not null default 'marketing',
      "status" text not null default 'pending' check ("status" in ('pending', 'confirmed', 'expired', 'cancelled')),
      "source" text not null,
      "wording" text not null,
      "wording_version" text not null,
      "ip" text null,
      "user_agent" text null,
      "message_id" text null,
      "expires_at" timestamptz not null,
      "resolved_at" timestamptz null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index if not exists "IDX_whatsapp_consent_request_pending" on "whatsapp_consent_request" ("contact_id") where "status" = 'pending';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "whatsapp_consent_request";`);
    this.addSql(`drop table if exists "whatsapp_consent_event";`);
    this.addSql(`drop function if exists whatsapp_consent_event_append_only();`);
  }

}
