/**
 * Entity ids in Medusa's shape (`prefix_` + a 26-character ULID), for hot paths that create one per
 * message. Medusa's generateEntityId draws one randomBytes(1) per character (16 syscalls-worth of
 * crypto per id, ~5% of the campaign dispatcher's CPU); this draws from a pooled buffer instead.
 */
import { randomBytes } from "node:crypto"

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let offset = 0

function random16(): Buffer {
  if (offset + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES)
    offset = 0
  }
  const out = pool.subarray(offset, offset + 16)
  offset += 16
  return out
}

/** `prefix_` + 10 time characters (ms since epoch, so ids sort by creation) + 16 random ones. */
export function entityId(prefix: string, now = Date.now()): string {
  let time = ""
  let t = now
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  const r = random16()
  let rand = ""
  for (let i = 0; i < 16; i++) rand += CROCKFORD[r[i] & 31]
  return `${prefix}_${time}${rand}`
}
