/** Which approved template each Medusa event sends (whatsapp_notification_mapping over the shipped defaults). */
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"
import { DEFAULT_MAPPINGS, NOTIFICATION_EVENTS, type NotificationMapping } from "../domain/notifications"

export interface StoredMapping {
  event: string
  enabled: boolean
  template_name: string
  template_language: string
  parameters: unknown
}

/** Every event's mapping: the merchant's row where there is one, else the shipped default. */
export function effectiveMappings(rows: StoredMapping[]): NotificationMapping[] {
  return NOTIFICATION_EVENTS.map((event) => {
    const row = rows.find((r) => r.event === event)
    const def = DEFAULT_MAPPINGS.find((d) => d.event === event)!
    return row
      ? {
          event,
          enabled: row.enabled,
          template_name: row.template_name,
          template_language: row.template_language,
          parameters: row.parameters as NotificationMapping["parameters"],
        }
      : def
  })
}

export async function saveNotificationMapping(db: Db, mapping: NotificationMapping): Promise<NotificationMapping> {
  await db.raw(
    `INSERT INTO whatsapp_notification_mapping (id, event, enabled, template_name, template_language, parameters)
     VALUES (?, ?, ?, ?, ?, ?::jsonb)
     ON CONFLICT (event) WHERE deleted_at IS NULL DO UPDATE SET enabled = EXCLUDED.enabled,
       template_name = EXCLUDED.template_name, template_language = EXCLUDED.template_language,
       parameters = EXCLUDED.parameters, updated_at = now()`,
    [generateEntityId(undefined, "wamap"), mapping.event, mapping.enabled, mapping.template_name, mapping.template_language, JSON.stringify(mapping.parameters)]
  )
  return mapping
}
