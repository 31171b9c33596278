import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Written by hand: send-time optimisation and A/B tests on campaigns.
// - whatsapp_campaign.send_time: { mode: "now" | "best_hour", window_hours } (null = now);
//   ab_test: { variants: [{ template_name, template_language, parameters?, text? }], test_share,
//   metric, window_hours, alpha, min_sample }; ab_winner / ab_decided_at / ab_verdict once decided.
// - whatsapp_campaign_recipient.planned_at: the best-hour send time chosen when the audience was
//   frozen (not_before starts equal to it, so the claim waits for it); variant: the A/B variant
//   (null outside a test); status 'held': outside the test share, waiting for the winner.
export class Migration20261210300000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_campaign" add column if not exists "send_time" jsonb null;`);
    this.addSql(`alter table if exists "whatsapp_campaign" add column if not exists "ab_test" jsonb null;`);
    this.addSql(`alter table if exists "whatsapp_campaign" add column if not exists "ab_winner" integer null;`);
    this.addSql(`alter table if exists "whatsapp_campaign" add column if not exists "ab_decided_at" timestamptz null;`);
    this.addSql(`alter table if exists "whatsapp_campaign" add column if not exists "ab_verdict" jsonb null;`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" add column if not exists "planned_at" timestamptz null;`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" add column if not exists "variant" integer null;`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" drop constraint if exists "whatsapp_campaign_recipient_status_check";`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" add constraint "whatsapp_campaign_recipient_status_check"
      check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped', 'held'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "whatsapp_campaign_recipient" set "status" = 'skipped', "reason" = 'ab_test_rolled_back' where "status" = 'held';`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" drop constraint if exists "whatsapp_campaign_recipient_status_check";`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" add constraint "whatsapp_campaign_recipient_status_check"
      check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped'));`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" drop column if exists "variant";`);
    this.addSql(`alter table if exists "whatsapp_campaign_recipient" drop column if exists "planned_at";`);
    this.addSql(`alter table if exists "whatsapp_campaign" drop column if exists "ab_verdict";`);
    this.addSql(`alter table if exists "whatsapp_campaign" drop column if exists "ab_decided_at";`);
    this.addSql(`alter table if exists "whatsapp_campaign" drop column if exists "ab_winner";`);
    this.addSql(`alter table if exists "whatsapp_campaign" drop column if exists "ab_test";`);
    this.addSql(`alter table if exists "whatsapp_campaign" drop column if exists "send_time";`);
  }

}
