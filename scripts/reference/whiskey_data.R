# Writes configs/data/whiskey.csv from flexmix's whiskey data (Debian's
# r-cran-flexmix): the 484 distinct patterns of which of 21 Scotch whisky
# brands a respondent bought in the previous year (Simmons Study of Media and
# Markets, 1997), with `count`, how many of the 2,218 respondents share each
# pattern. configs/whiskey_weights.yaml fits it with data.weights: count, as
# flexmix's own example does with weights = ~ Freq. Run from the repository root:
#   Rscript scripts/reference/whiskey_data.R
suppressMessages(library(flexmix))
data(whiskey)
brands <- colnames(whiskey$Incidence)
names <- tolower(gsub("[^A-Za-z0-9]+", "_", brands))
names <- gsub("^_|_$", "", names)
table <- data.frame(whiskey$Incidence, count = whiskey$Freq)
colnames(table) <- c(names, "count")
write.csv(table, "configs/data/whiskey.csv", row.names = FALSE, quote = FALSE)
