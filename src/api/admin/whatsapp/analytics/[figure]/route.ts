import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { analyticsFigure } from "../../../../../modules/whatsapp/analytics/analytics"
import { toCsv } from "../../../../../modules/whatsapp/domain/csv"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"
import { AnalyticsQuerySchema } from "../validators"

/**
 * One figure: { figure, title, note, columns, rows, chart, range, timezone, currency }, or with
 * ?format=csv its table as text/csv. Validated here rather than in middlewares.ts, so the 400 names
 * the parameter and the figure name is checked (404) after the query.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const parsed = AnalyticsQuerySchema.safeParse(req.query ?? {})
  if (!parsed.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid request: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || (i.code === "unrecognized_keys" ? (i as any).keys.join(", ") : "query")}: ${i.message}`)
        .join("; ")}`
    )
  }
  const { format, ...q } = parsed.data
  const whatsapp = resolveWhatsapp(req.scope)
  const db = req.scope.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const figure = await analyticsFigure(db, req.params.figure, q, { timezone: whatsapp.getOptions().store_timezone, now: whatsapp.now() })
  if (!figure) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No analytics figure "${req.params.figure}"`)
  if (format === "csv") {
    // The local days the range covers (its end is exclusive).
    const day = (iso: string, back = 0) => new Intl.DateTimeFormat("en-CA", { timeZone: figure.timezone }).format(new Date(Date.parse(iso) - back))
    res.setHeader("Content-Type", "text/csv; charset=utf-8")
    res.setHeader("Content-Disposition", `attachment; filename="whatsapp-${figure.figure}-${day(figure.range.from)}-${day(figure.range.to, 1)}.csv"`)
    res.status(200).send(toCsv(figure.columns, figure.rows))
    return
  }
  res.json(figure)
}
