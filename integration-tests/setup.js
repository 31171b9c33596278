const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")
MetadataStorage.clear()
process.env.MEDUSA_DISABLE_TELEMETRY = "true"
