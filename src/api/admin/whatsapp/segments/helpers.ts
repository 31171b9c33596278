import { MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { WHATSAPP_MODULE } from "../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../modules/whatsapp/service"
import { parseSegmentRules, type SegmentGroup } from "../../../../modules/whatsapp/domain/segment-rules"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

export const whatsappOf = (scope: MedusaContainer): WhatsappModuleService => resolveWhatsapp(scope)

/** A saved segment with its rules re-validated (rules saved by an older version may no longer parse). */
export async function loadSegment(whatsapp: WhatsappModuleService, id: string) {
  const [segment] = await whatsapp.listWhatsappSegments({ id }, { take: 1 })
  if (!segment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment ${id} was not found`)
  const parsed = parseSegmentRules(segment.rules)
  if (!parsed.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Segment ${id} has rules that no longer validate: ${parsed.errors.join("; ")}`)
  }
  return { segment, rules: parsed.rules as SegmentGroup }
}

export async function assertNameFree(whatsapp: WhatsappModuleService, name: string, exceptId?: string) {
  const [other] = await whatsapp.listWhatsappSegments({ name }, { take: 1 })
  if (other && other.id !== exceptId) {
    throw new MedusaError(MedusaError.Types.DUPLICATE_ERROR, `A segment named "${name}" already exists`)
  }
}
