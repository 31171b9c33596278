/**
 * Who runs `runBatch`, and where. Both queues run `slots` loops per campaign; each loop calls
 * runBatch until it says stop, sleeping when it says wait. Exactly-once does not depend on the
 * queue (Postgres claims do that), so a duplicate job or a second process only adds throughput.
 *
 * - InProcessQueue: loops in this process (no Redis).
 * - BullMqQueue: one BullMQ job per (campaign, slot), jobId-deduplicated; any number of worker
 *   processes on any number of machines take them; a waiting loop becomes a delayed job; a job
 *   whose worker died is stalled and picked up again by another worker.
 */
import { runBatch, type PipelineDeps } from "./pipeline"

export interface CampaignQueue {
  readonly kind: "in-process" | "bullmq"
  /** Makes sure the campaign is being worked on (idempotent). */
  enqueue(campaignId: string, opts?: { delayMs?: number }): Promise<void>
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** A long wait (quiet hours until 09:00) is re-checked at least this often, so resume/cancel are seen. */
const MAX_WAIT_MS = 5_000

/** Runs one slot until the pipeline says stop. */
export async function runSlot(deps: PipelineDeps, campaignId: string, shouldStop: () => boolean = () => false): Promise<string> {
  for (;;) {
    if (shouldStop()) return "shutdown"
    const r = await runBatch(deps, campaignId)
    if (r.next === "stop") return r.why
    if (r.next === "wait") await sleep(Math.min(r.ms, MAX_WAIT_MS))
  }
}

export class InProcessQueue implements CampaignQueue {
  readonly kind = "in-process" as const
  private readonly active = new Map<string, Promise<unknown>>()
  private closed = false

  constructor(
    private readonly deps: PipelineDeps,
    private readonly slots: () => Promise<number>,
    private readonly onError: (e: Error) => void = () => {}
  ) {}

  async enqueue(campaignId: string, { delayMs = 0 } = {}) {
    if (this.closed || this.active.has(campaignId)) return
    const n = await this.slots()
    const run = (async () => {
      if (delayMs) await sleep(delayMs)
      await Promise.all(Array.from({ length: n }, () => runSlot(this.deps, campaignId, () => this.closed).catch((e) => this.onError(e))))
    })().finally(() => this.active.delete(campaignId))
    this.active.set(campaignId, run)
  }

  /** For tests and shutdown: resolves when every loop has stopped. */
  async idle() {
    await Promise.allSettled([...this.active.values()])
  }

  async close() {
    this.closed = true
    await this.idle()
  }
}

export const BULLMQ_QUEUE_NAME = "whatsapp-campaigns"

export class BullMqQueue implements CampaignQueue {
  readonly kind = "bullmq" as const
  private queue: any
  private worker: any
  private closed = false

  constructor(
    private readonly deps: PipelineDeps,
    private readonly opts: {
      redisUrl: string
      prefix?: string
      slots: () => Promise<number>
      workerConcurrency?: number
      startWorker?: boolean
      onError?: (e: Error) => void
      lockDuration?: number
      stalledInterval?: number
    }
  ) {
    // Loaded lazily: the in-process path must not need bullmq.
    const { Queue, Worker, DelayedError } = require("bullmq")
    const connection = { url: opts.redisUrl, maxRetriesPerRequest: null }
    const prefix = opts.prefix ?? "wa"
    this.queue = new Queue(BULLMQ_QUEUE_NAME, { connection, prefix })
    if (opts.startWorker !== false) {
      // lockDuration / stalledInterval: a dead worker's jobs go back to the queue about lock + 2 × interval after it died.
      this.worker = new Worker(
        BULLMQ_QUEUE_NAME,
        async (job: any, token: string) => {
          const campaignId = job.data.campaign_id as string
          for (;;) {
            if (this.closed) return "shutdown"
            const r = await runBatch(this.deps, campaignId)
            if (r.next === "stop") return r.why
            if (r.next === "wait") {
              // Give the slot back to the queue instead of holding a worker while nothing is due.
              await job.moveToDelayed(Date.now() + Math.min(r.ms, MAX_WAIT_MS), token)
              throw new DelayedError()
            }
          }
        },
        {
          connection,
          prefix,
          concurrency: opts.workerConcurrency ?? 4,
          lockDuration: opts.lockDuration ?? 30_000,
          stalledInterval: opts.stalledInterval ?? 15_000,
        }
      )
      this.worker.on("failed", (_job: any, e: Error) => opts.onError?.(e))
    }
  }

  async enqueue(campaignId: string, { delayMs = 0 } = {}) {
    const n = await this.opts.slots()
    const generation = await this.deps.store.runGeneration(campaignId)
    await this.queue.addBulk(
      Array.from({ length: n }, (_, slot) => ({
        name: "campaign-slot",
        data: { campaign_id: campaignId, slot },
        // The id carries the run generation (how often the campaign entered "running"): a resume
        // right after a pause must not be swallowed by the previous run's jobs that are still
        // finishing. Within a generation the id deduplicates the scheduler's re-enqueues.
        // removeOnFail: a kept failed job would block its id (and so the slot) for good.
        opts: {
          jobId: `${campaignId}-g${generation}-${slot}`,
          delay: delayMs,
          removeOnComplete: true,
          removeOnFail: true,
          attempts: 1000,
          backoff: { type: "fixed", delay: 1000 },
        },
      }))
    )
  }

  async close() {
    this.closed = true
    await this.worker?.close()
    await this.queue.close()
  }
}
