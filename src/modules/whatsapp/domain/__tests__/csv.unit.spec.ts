import { csvCell, toCsv } from "../csv"

describe("csv writer", () => {
  it("leaves plain text and numbers as they are", () => {
    expect(csvCell("Tuesday 19:00–20:00")).toBe("Tuesday 19:00–20:00")
    expect(csvCell(12.5)).toBe("12.5")
    expect(csvCell(-5)).toBe("-5")
    expect(csvCell(null)).toBe("")
    expect(csvCell(undefined)).toBe("")
    expect(csvCell(Number.NaN)).toBe("")
    expect(csvCell(true)).toBe("true")
    expect(csvCell(new Date("2026-12-01T00:00:00Z"))).toBe("2026-12-01T00:00:00.000Z")
  })

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"')
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"')
  })

  it("guards text a spreadsheet would run as a formula", () => {
    expect(csvCell("=SUM(A1:A2)")).toBe("'=SUM(A1:A2)")
    expect(csvCell("+66812345678")).toBe("'+66812345678")
    expect(csvCell("-1")).toBe("'-1")
    expect(csvCell("@cmd")).toBe("'@cmd")
    expect(csvCell("\tx")).toBe("'\tx")
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvCell("a=b")).toBe("a=b")
  })

  it("writes a header of labels and the rows by column key, CRLF-terminated", () => {
    const csv = toCsv(
      [
        { key: "day", label: "Day" },
        { key: "sent", label: "Sent, total" },
      ],
      [
        { day: "2026-12-01", sent: 3, extra: "ignored" },
        { day: "2026-12-02", sent: null },
      ]
    )
    expect(csv).toBe('Day,"Sent, total"\r\n2026-12-01,3\r\n2026-12-02,\r\n')
  })

  it("writes only the header for no rows", () => {
    expect(toCsv([{ key: "a", label: "A" }], [])).toBe("A\r\n")
  })
})
