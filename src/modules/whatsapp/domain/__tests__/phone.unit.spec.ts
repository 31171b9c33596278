import { InvalidPhoneNumberError, isSupportedRegion, normalizePhone, phoneSpellings, tryNormalizePhone, type CountryCode } from "../phone"

const TH_MOBILE = { wa_id: "66812345678", e164: "+66812345678", country: "TH" }

function reasonOf(input: string, region?: CountryCode): string {
  try {
    normalizePhone(input, region)
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) {
      return error.reason
    }
    throw error
  }
  throw new Error(`expected "${input}" to be rejected`)
}

describe("normalizePhone with region TH", () => {
  it.each([
    "0812345678",
    "081-234-5678",
    "081 234 5678",
    "(081) 234-5678",
    "+66 81 234 5678",
    "+66812345678",
    "+66 (0) 81 234 5678",
    "66812345678",
    "66 81 234 5678",
    "  0812345678  ",
    "０８１２３４５６７８",
    "๐๘๑๒๓๔๕๖๗๘",
  ])("normalises %j to the same wa_id", (input) => {
    expect(normalizePhone(input, "TH")).toEqual(TH_MOBILE)
  })

  it("reads the country code typed without + only when the rest is a valid national number", () => {
    // 6621234567: 66 + Bangkok landline 2 123 4567 (the whole is too long to be national).
    expect(normalizePhone("6621234567", "TH").wa_id).toBe("6621234567")
    expect(normalizePhone("021234567", "TH").wa_id).toBe("6621234567")
    // 661234567 is itself a valid national mobile (06x…), so it is not taken as 66 + 1234567.
    expect(normalizePhone("661234567", "TH").wa_id).toBe("66661234567")
    expect(normalizePhone("0661234567", "TH").wa_id).toBe("66661234567")
    expect(normalizePhone("66661234567", "TH").wa_id).toBe("66661234567")
  })

  it("rejects 66 + a number that is not valid after the code, instead of guessing", () => {
    expect(() => normalizePhone("6681234567", "TH")).toThrow(InvalidPhoneNumberError)
  })

  it("does not guess another country's code typed without +", () => {
    expect(() => normalizePhone("12025550123", "TH")).toThrow(InvalidPhoneNumberError)
    expect(() => normalizePhone("447911123456", "TH")).toThrow(InvalidPhoneNumberError)
  })

  it("takes any explicit international number whatever the region", () => {
    expect(normalizePhone("+1 202 555 0123", "TH")).toEqual({ wa_id: "12025550123", e164: "+12025550123", country: "US" })
  })
})

describe("normalizePhone without region", () => {
  it("reads bare digits as international, like webhook wa_ids", () => {
    expect(normalizePhone("66812345678")).toEqual(TH_MOBILE)
    expect(normalizePhone("+66812345678")).toEqual(TH_MOBILE)
    expect(normalizePhone("12025550123").country).toBe("US")
  })

  it("rejects a national number: it has no country", () => {
    expect(reasonOf("0812345678")).toBe("NO_COUNTRY")
    expect(() => normalizePhone("0812345678")).toThrow(/no country calling code/)
  })

  it("omits country for non-geographic numbers", () => {
    const phone = normalizePhone("+800 1234 5678")
    expect(phone).toEqual({ wa_id: "80012345678", e164: "+80012345678" })
    expect("country" in phone).toBe(false)
  })
})

describe("normalizePhone errors", () => {
  it.each([
    ["", "EMPTY"],
    ["   ", "EMPTY"],
    ["abc", "NOT_A_NUMBER"],
    ["++66812345678", "NOT_A_NUMBER"],
    ["0812", "TOO_SHORT"],
    ["+66812345678999999999999", "TOO_LONG"],
    ["12025550123", "INVALID_LENGTH"],
    ["+66 81 234 567", "INVALID"],
    ["081 234 5678 ext. 12", "HAS_EXTENSION"],
  ])("%j → %s", (input, reason) => {
    expect(reasonOf(input, "TH")).toBe(reason)
  })

  it("names the input and the reason in the message", () => {
    expect(() => normalizePhone("+66 81 234 567", "TH")).toThrow('Invalid phone number "+66 81 234 567": not a valid number for region TH')
    expect(() => normalizePhone("", "TH")).toThrow('Invalid phone number "": empty')
    expect(() => normalizePhone("0812", "TH")).toThrow('Invalid phone number "0812": too short for region TH')
    expect(() => normalizePhone("+1 202 555 012", "TH")).toThrow('Invalid phone number "+1 202 555 012": too short for country code +1')
    expect(() => normalizePhone("12025550123", "TH")).toThrow('Invalid phone number "12025550123": wrong length for region TH')
  })

  it("carries input and reason on the error", () => {
    const error = (() => {
      try {
        normalizePhone("abc", "TH")
      } catch (e) {
        return e
      }
    })() as InvalidPhoneNumberError
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe("InvalidPhoneNumberError")
    expect(error.input).toBe("abc")
    expect(error.reason).toBe("NOT_A_NUMBER")
  })

  it("treats an unsupported region as a programming error, not bad input", () => {
    expect(() => normalizePhone("0812345678", "XX" as CountryCode)).toThrow(/unsupported default region "XX"/)
    expect(() => normalizePhone("0812345678", "XX" as CountryCode)).not.toThrow(InvalidPhoneNumberError)
    expect(() => tryNormalizePhone("0812345678", "XX" as CountryCode)).toThrow(/unsupported default region/)
  })
})

describe("tryNormalizePhone", () => {
  it("returns null instead of throwing on bad input", () => {
    expect(tryNormalizePhone("not a phone", "TH")).toBeNull()
    expect(tryNormalizePhone("", "TH")).toBeNull()
    expect(tryNormalizePhone("0812345678", "TH")).toEqual(TH_MOBILE)
  })
})

describe("isSupportedRegion", () => {
  it("knows uppercase ISO codes only", () => {
    expect(isSupportedRegion("TH")).toBe(true)
    expect(isSupportedRegion("US")).toBe(true)
    expect(isSupportedRegion("th")).toBe(false)
    expect(isSupportedRegion("XX")).toBe(false)
    expect(isSupportedRegion("UK")).toBe(false)
  })
})

describe("phoneSpellings", () => {
  it("lists the ways a store may have saved a Thai mobile", () => {
    const s = phoneSpellings("66812345678")
    for (const form of ["66812345678", "+66812345678", "081 234 5678", "0812345678", "081-234-5678", "+66 81 234 5678"]) {
      expect(s).toContain(form)
    }
  })
  it("keeps only the raw forms for digits that are not a number", () => {
    expect(phoneSpellings("12")).toEqual(["12", "+12"])
  })
})
