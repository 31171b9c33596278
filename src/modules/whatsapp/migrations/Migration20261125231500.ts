import { Migration } from "@medusajs/framework/mikro-orm/migrations";

// Written by hand: the generator does not see a changed WHERE on an index of the same name.
export class Migration20261125231500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_whatsapp_message_order_id";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_message_order_id" ON "whatsapp_message" ("order_id") WHERE order_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_whatsapp_message_order_id";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_message_order_id" ON "whatsapp_message" ("order_id") WHERE deleted_at IS NULL;`);
  }

}
