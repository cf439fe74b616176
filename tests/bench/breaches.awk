# breaches.awk: a breach catalogue in Have I Been Pwned's /api/v3/breaches form
# (the fields of tests/data/breaches-sample.json), for `leaktrace breaches import`.
#
#   awk -v n=COUNT -v accounts=N -f tests/bench/breaches.awk > FILE
#
# Breach k is named BreachKKKK. Breaches k = 7, 17, 27, ... up to N are on the
# bench's account sites (shopKKKK.com, so every site holding the traced phone
# number, k = 250 j + 7) and list phone numbers; every 50th has no domain (a
# spam list); the rest are on breachKKKK.example with 3 to 7 data classes.
# Breach dates run from 2010 to 2026, AddedDate is RFC 3339.
BEGIN {
	split("Email addresses|Passwords|Usernames|Phone numbers|Names|IP addresses|Dates of birth|Physical addresses|Genders|Password hints", dc, "|")
	desc = "In a data breach, the service exposed the records of its members: email addresses, usernames and passwords stored as salted hashes. The incident was disclosed to the affected customers by email some weeks later."
	print "["
	for (k = 1; k <= n; k++) {
		year = 2010 + k % 17; month = 1 + k % 12; day = 1 + k % 28
		if (k % 10 == 7 && k <= accounts) {
			domain = sprintf("shop%04d.com", k)
			classes = "\"Email addresses\", \"Passwords\", \"Phone numbers\""
		} else {
			domain = k % 50 == 0 ? "" : sprintf("breach%04d.example", k)
			classes = "\"" dc[1] "\", \"" dc[2] "\""
			for (j = 3; j <= 3 + k % 5; j++)
				classes = classes ", \"" dc[j] "\""
		}
		printf "  {\"Name\": \"Breach%04d\", \"Title\": \"Breach %04d\", \"Domain\": \"%s\", \"BreachDate\": \"%04d-%02d-%02d\", ", k, k, domain, year, month, day
		printf "\"AddedDate\": \"%04d-%02d-%02dT08:00:00Z\", \"ModifiedDate\": \"%04d-%02d-%02dT08:00:00Z\", \"PwnCount\": %d, ", year, month, day, year, month, day, 1000 + k * 7919
		printf "\"Description\": \"%s\", \"LogoPath\": \"https://haveibeenpwned.com/Content/Images/PwnedLogos/Breach%04d.png\", ", desc, k
		printf "\"DataClasses\": [%s], \"IsVerified\": true, \"IsFabricated\": false, \"IsSensitive\": false, \"IsRetired\": false, \"IsSpamList\": %s, \"IsMalware\": false}%s\n", classes, domain == "" ? "true" : "false", k < n ? "," : ""
	}
	print "]"
}
