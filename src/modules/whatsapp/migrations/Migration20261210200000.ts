import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Written by hand: clicks on tracked links (links/clicks.ts, GET /whatsapp/r/:token). Append-only
// facts, so no DML entity and no soft delete. A repeat click is a row of its own with first_click
// false; the partial unique index makes "first" hold under concurrent clicks.
export class Migration20261210200000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "whatsapp_link_click" ("id" text not null, "message_id" text not null, "campaign_id" text null, "recipient_id" text null, "contact_id" text null, "customer_id" text null, "url" text not null, "first_click" boolean not null default false, "clicked_at" timestamptz not null default now(), "user_agent" text null, "ip" text null, constraint "whatsapp_link_click_pkey" primary key ("id"));`);
    this.addSql(`create unique index if not exists "IDX_whatsapp_link_click_first" on "whatsapp_link_click" ("message_id", "url") where first_click;`);
    this.addSql(`create index if not exists "IDX_whatsapp_link_click_campaign" on "whatsapp_link_click" ("campaign_id", "clicked_at") where campaign_id is not null;`);
    this.addSql(`create index if not exists "IDX_whatsapp_link_click_message" on "whatsapp_link_click" ("message_id", "clicked_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "whatsapp_link_click";`);
  }

}
