import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { lintTemplate } from "../../../../../modules/whatsapp/domain/template-lint"
import type { CreateTemplateBody } from "../../validators"

/** The linter alone, for the create form to show findings as the merchant types. */
export async function POST(req: AuthenticatedMedusaRequest<CreateTemplateBody>, res: MedusaResponse) {
  res.json({ findings: lintTemplate(req.validatedBody) })
}
