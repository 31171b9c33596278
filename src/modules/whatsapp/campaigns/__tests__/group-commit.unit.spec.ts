import { GroupCommit } from "../group-commit"

const tick = () => new Promise((r) => setImmediate(r))

describe("GroupCommit", () => {
  it("writes the first record at once and batches what arrives while a write is in flight", async () => {
    const writes: number[][] = []
    let release: () => void = () => {}
    const gc = new GroupCommit<number>(async (items) => {
      writes.push(items)
      if (writes.length === 1) await new Promise<void>((r) => (release = r))
    })
    gc.add(1)
    expect(writes).toEqual([[1]])
    gc.add(2)
    gc.add(3)
    gc.add(4)
    expect(writes).toEqual([[1]]) // one write in flight at a time
    release()
    await gc.drain()
    expect(writes).toEqual([[1], [2, 3, 4]])
  })

  it("keeps a failed chunk, in order, and writes it with the next one", async () => {
    const writes: number[][] = []
    let fail = true
    const gc = new GroupCommit<number>(async (items) => {
      writes.push(items)
      if (fail) {
        fail = false
        throw new Error("connection reset")
      }
    })
    gc.add(1)
    await tick()
    gc.add(2)
    await gc.drain()
    expect(writes).toEqual([[1], [1, 2]])
  })

  it("retries at drain, then throws and keeps the records if the database stays down", async () => {
    let calls = 0
    const gc = new GroupCommit<string>(async () => {
      calls++
      throw new Error("database down")
    })
    gc.add("a")
    await expect(gc.drain(2, 1)).rejects.toThrow("database down")
    expect(calls).toBe(3) // the first attempt + 2 retries
  })
})

describe("GroupCommit with a minimum interval", () => {
  it("spaces writes at least minIntervalMs apart, batching what arrives meanwhile; drain does not wait", async () => {
    const writes: { at: number; items: number[] }[] = []
    const gc = new GroupCommit<number>(async (items) => {
      writes.push({ at: Date.now(), items })
    }, 80)
    gc.add(1)
    await tick()
    gc.add(2)
    gc.add(3)
    await new Promise((r) => setTimeout(r, 120))
    expect(writes.map((w) => w.items)).toEqual([[1], [2, 3]])
    expect(writes[1].at - writes[0].at).toBeGreaterThanOrEqual(75)
    gc.add(4)
    const t = Date.now()
    await gc.drain()
    expect(writes.map((w) => w.items)).toEqual([[1], [2, 3], [4]])
    expect(Date.now() - t).toBeLessThan(200)
  })
})
