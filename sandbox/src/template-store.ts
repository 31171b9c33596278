/** Template lifecycle against state: create + delayed review, seeding, status changes, deletion. */
import type { CreateTemplateResponse, MessageTemplate, TemplateStatus } from "../../src/modules/whatsapp/channels/cloud-api/types"
import type { Ctx } from "./context"
import { ApiError, invalidParam } from "./errors"
import { templateId } from "./ids"
import { Scheduler } from "./scheduler"
import { review, validateCreate } from "./templates"
import type { FirstAttempt } from "./webhooks"

export type TemplateSeed = Partial<MessageTemplate> & Pick<MessageTemplate, "name" | "language" | "category" | "components">

const SETTABLE: TemplateStatus[] = ["APPROVED", "REJECTED", "PAUSED", "DISABLED"]

export class TemplateStore {
  private reviews = new Scheduler()

  constructor(private ctx: Ctx) {}

  /** POST /{waba_id}/message_templates: PENDING now, reviewed after templateReviewDelayMs. */
  create(body: unknown): CreateTemplateResponse {
    const req = validateCreate(body)
    if (this.ctx.state.findTemplates(req.name, req.language).length)
      throw new ApiError(100, `Message template "${req.name}" already exists in language "${req.language}"`, {
        subcode: 2388024,
        message: "Invalid parameter",
        userTitle: "Content in this language already exists",
        userMsg: `There is already ${req.language} content for this template (${req.name}). You can create a new template and try again.`,
      })
    const t: MessageTemplate = {
      id: templateId(),
      name: req.name,
      language: req.language,
      status: "PENDING",
      category: req.category,
      components: req.components,
      parameter_format: req.parameter_format ?? "POSITIONAL",
      quality_score: { score: "UNKNOWN" },
    }
    this.ctx.state.templates.push(t)
    this.reviews.after(this.ctx.config().templateReviewDelayMs, () => {
      if (!this.ctx.state.templates.includes(t)) return
      const r = review(t)
      void this.setStatus(t, r.status, r.status === "REJECTED" ? r.reason : undefined)
    })
    return { id: t.id, status: t.status, category: t.category }
  }

  /** Demo/test seeding: upserts by name + language, APPROVED unless a status is given, no webhook. */
  seed(seeds: unknown): MessageTemplate[] {
    if (!Array.isArray(seeds)) throw invalidParam("Seed body must be an array of templates")
    return seeds.map((s: TemplateSeed) => {
      validateCreate(s)
      const t: MessageTemplate = {
        id: s.id ?? templateId(),
        name: s.name,
        language: s.language,
        status: s.status ?? "APPROVED",
        category: s.category,
        components: s.components,
        parameter_format: s.parameter_format ?? "POSITIONAL",
        quality_score: s.quality_score ?? { score: "UNKNOWN" },
        ...(s.rejected_reason ? { rejected_reason: s.rejected_reason } : {}),
      }
      const list = this.ctx.state.templates
      const at = list.findIndex((x) => x.name === t.name && x.language === t.language)
      if (at >= 0) list[at] = t
      else list.push(t)
      return t
    })
  }

  /** Control endpoint: force a status on all languages of `name` (or just `language`). */
  async forceStatus(
    name: string,
    input: { language?: string; status?: string; reason?: string }
  ): Promise<{ template: MessageTemplate; webhook: FirstAttempt }[]> {
    if (!SETTABLE.includes(input.status as TemplateStatus)) throw invalidParam(`status must be one of ${SETTABLE.join(", ")}`)
    const found = this.ctx.state.findTemplates(name, input.language)
    if (!found.length) throw invalidParam(`No template named ${name}${input.language ? ` in ${input.language}` : ""}`)
    return Promise.all(found.map(async (t) => ({ template: t, webhook: await this.setStatus(t, input.status as TemplateStatus, input.reason) })))
  }

  /** DELETE /{waba_id}/message_templates?name=…[&hsm_id=…]: all languages unless hsm_id is given. */
  delete(name: string | null, hsmId: string | null): { success: true } {
    if (!name) throw invalidParam("The parameter name is required.")
    const doomed = this.ctx.state.templates.filter((t) => t.name === name && (!hsmId || t.id === hsmId))
    if (!doomed.length) throw invalidParam(`Message template ${name} not found`, { userTitle: "Message template not found" })
    const list = this.ctx.state.templates
    for (const t of doomed) list.splice(list.indexOf(t), 1)
    return { success: true }
  }

  reset(): void {
    this.reviews.clear()
  }

  private setStatus(t: MessageTemplate, status: TemplateStatus, reason?: string): Promise<FirstAttempt> {
    t.status = status
    if (status === "REJECTED") t.rejected_reason = reason ?? "NONE"
    else delete t.rejected_reason
    return this.ctx.webhooks.send({
      field: "message_template_status_update",
      value: {
        event: status,
        message_template_id: Number(t.id),
        message_template_name: t.name,
        message_template_language: t.language,
        reason: status === "REJECTED" ? t.rejected_reason : (reason ?? null),
      },
    })
  }
}
