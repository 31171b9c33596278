import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { customerAddressCountries, customers, placedOrders } from ".."

const SRC = join(__dirname, "../../../..")
const ADAPTER = join(__dirname, "..")

/** SQL that reads one of Medusa's own tables (FROM/JOIN, quoted or not). */
const MEDUSA_TABLE_READ =
  /\b(?:FROM|JOIN)\s+(?:"order"|order_summary|order_address|order_item|order_line_item_adjustment|customer|customer_address|store|store_currency)\b/i

/** Files still to move onto the adapter (being restructured elsewhere); empty once done. */
const PENDING = new Set<string>()

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === "__tests__" || path === ADAPTER ? [] : tsFiles(path)
    return /\.tsx?$/.test(name) ? [path] : []
  })
}

describe("medusa-tables boundary", () => {
  it("only the adapter reads Medusa's tables with SQL", () => {
    const offenders = tsFiles(SRC)
      .filter((f) => MEDUSA_TABLE_READ.test(readFileSync(f, "utf8")))
      .map((f) => relative(SRC, f))
      .filter((f) => !PENDING.has(f))
    expect(offenders).toEqual([])
  })

  it("restricts to one customer only when asked, at the place of the placeholder", () => {
    expect(customers()).toContain("WHERE deleted_at IS NULL")
    expect(customers({ withDeleted: true })).not.toContain("deleted_at")
    expect(placedOrders()).not.toContain("?")
    expect(placedOrders({ customerId: "?" })).toContain("AND o.customer_id = ?")
    expect(customerAddressCountries({ customerId: "?" }).match(/\?/g)).toHaveLength(1)
  })
})
