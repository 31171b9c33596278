import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Written by hand: the event outbox of the standalone webhook ingest (webhooks/outbox.ts). Events
// are written in the transaction that applied the receipt and relayed to Medusa's event bus by the
// app, so a receipt applied outside Medusa still reaches its subscribers (auto-reply, segments,
// campaign pauses). Plumbing, not a model: no DML entity, no soft delete.
export class Migration20261208120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "whatsapp_event_outbox" ("id" bigserial primary key, "name" text not null, "data" jsonb not null, "created_at" timestamptz not null default now());`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "whatsapp_event_outbox";`);
  }

}
