import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125222955 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_whatsapp_campaign_recipient_idempotency_key_unique";`);
    // The generator does not see a changed WHERE on an index of the same name: replace it by hand.
    this.addSql(`drop index if exists "IDX_whatsapp_campaign_recipient_campaign_id_status_seq";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_recipient_campaign_id_status_seq" ON "whatsapp_campaign_recipient" ("campaign_id", "status", "seq") WHERE status IN ('queued', 'sending') AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_whatsapp_campaign_recipient_campaign_id_status_seq";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_recipient_campaign_id_status_seq" ON "whatsapp_campaign_recipient" ("campaign_id", "status", "seq") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_campaign_recipient_idempotency_key_unique" ON "whatsapp_campaign_recipient" ("idempotency_key") WHERE deleted_at IS NULL;`);
  }

}
