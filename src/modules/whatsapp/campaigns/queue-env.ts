/** The BullMQ tuning read from the environment, shared by the plugin and the standalone worker. */
import { z } from "@medusajs/framework/zod"

export interface CampaignQueueEnv {
  /** Redis key namespace of the queue and the shared limiter ("wa"); stores sharing one Redis need their own. */
  prefix?: string
  /** How long a worker's job lock lives without renewal (30 s), and how often workers look for jobs whose lock
   *  is gone (15 s): together, how soon the jobs of a worker that died move to another one. */
  lockDurationMs?: number
  stalledIntervalMs?: number
}

const QueueEnvSchema = z.object({
  WHATSAPP_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "1-64 of A-Z a-z 0-9 _ . : -")
    .optional(),
  WHATSAPP_CAMPAIGN_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).optional(),
  WHATSAPP_CAMPAIGN_STALLED_MS: z.coerce.number().int().min(500).max(600_000).optional(),
})

/** WHATSAPP_REDIS_PREFIX, WHATSAPP_CAMPAIGN_LOCK_MS, WHATSAPP_CAMPAIGN_STALLED_MS; unset ones keep the defaults. */
export function campaignQueueEnv(env: Record<string, string | undefined>): CampaignQueueEnv {
  const set = Object.fromEntries(
    Object.keys(QueueEnvSchema.shape)
      .filter((k) => env[k]?.trim())
      .map((k) => [k, env[k]!.trim()])
  )
  const r = QueueEnvSchema.safeParse(set)
  if (!r.success) throw new Error(`whatsapp: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`)
  return { prefix: r.data.WHATSAPP_REDIS_PREFIX, lockDurationMs: r.data.WHATSAPP_CAMPAIGN_LOCK_MS, stalledIntervalMs: r.data.WHATSAPP_CAMPAIGN_STALLED_MS }
}
