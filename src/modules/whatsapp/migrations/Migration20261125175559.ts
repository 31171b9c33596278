import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125175559 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "whatsapp_discount_code" drop constraint if exists "whatsapp_discount_code_contact_id_scope_unique";`);
    this.addSql(`drop index if exists "IDX_whatsapp_discount_code_contact_id_scope_expires_at";`);

    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_whatsapp_discount_code_contact_id_scope_unique" ON "whatsapp_discount_code" ("contact_id", "scope") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_whatsapp_discount_code_contact_id_scope_unique";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_whatsapp_discount_code_contact_id_scope_expires_at" ON "whatsapp_discount_code" ("contact_id", "scope", "expires_at") WHERE deleted_at IS NULL;`);
  }

}
