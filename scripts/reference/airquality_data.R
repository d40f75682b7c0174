# Writes configs/data/airquality.csv from R's datasets::airquality (New York,
# May to September 1973; Chambers et al. 1983): ozone (ppb), solar radiation
# (Langley), wind (mph) and temperature (F) on 153 days, with 37 ozone and 7
# solar readings missing (written NA). configs/airquality_missing.yaml fits it
# with data.missing: marginalize. Run from the repository root:
#   Rscript scripts/reference/airquality_data.R
table <- airquality[, c("Ozone", "Solar.R", "Wind", "Temp")]
colnames(table) <- c("ozone", "solar", "wind", "temp")
write.csv(table, "configs/data/airquality.csv", row.names = FALSE, quote = FALSE, na = "NA")
