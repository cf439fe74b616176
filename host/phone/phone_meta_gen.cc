/* SPDX-License-Identifier: MIT */
// phone_meta_gen.cc: a build-time program that writes libphonenumber's own
// region metadata as a C table (phone_meta.c, read by host/core/phone_fast.c),
// and with --corpus a test corpus of phone numbers made from libphonenumber's
// example numbers (read by tests/unit/test_phone_fast.c).
//
//   phone-meta-gen OUT.c             the table
//   phone-meta-gen --corpus OUT.txt  the corpus: one "REGION<TAB>TEXT" a line
//                                    ("-" for no region)
//
// Why: loading libphonenumber (with ICU, protobuf and abseil) costs a CLI
// call about 20 ms; the fast path parses the common shapes of a number with
// these tables and the same rules, and loads the module for anything else.
// Nothing is copied by hand: the table is libphonenumber's serialized metadata
// (metadata_get(), the data PhoneNumberUtil itself reads), and the order of
// the regions sharing a calling code is PhoneNumberUtil's.
#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdio>
#include <cstring>
#include <list>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace i18n {
namespace phonenumbers {
int metadata_size();
const void *metadata_get();
} // namespace phonenumbers
} // namespace i18n

using namespace i18n::phonenumbers;

namespace {

// A C string literal of s (the patterns hold backslashes; no other escapes are needed).
std::string literal(const std::string &s)
{
	std::string out = "\"";
	for (char c : s) {
		if (c == '\\' || c == '"')
			out += '\\';
		if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
			fprintf(stderr, "phone-meta-gen: a pattern holds a byte that is not printable ASCII\n");
			exit(1);
		}
		out += c;
	}
	return out + "\"";
}

// Possible lengths as a bit mask: bit n for length n, LT_PM_NONE for -1.
std::string lengths(const google::protobuf::RepeatedField<int32_t> &l)
{
	unsigned long mask = 0;
	for (int v : l) {
		if (v == -1)
			mask |= 1UL << 31;
		else if (v > 0 && v < 31)
			mask |= 1UL << v;
		else {
			fprintf(stderr, "phone-meta-gen: a possible length of %d does not fit the table\n", v);
			exit(1);
		}
	}
	char buf[16];
	snprintf(buf, sizeof buf, "0x%lxu", mask);
	return buf;
}

std::string desc(const PhoneNumberDesc &d)
{
	return "{" + literal(d.national_number_pattern()) + ", " + lengths(d.possible_length()) + ", " +
	       lengths(d.possible_length_local_only()) + "}";
}

// A transform rule is "$1" style only: phone_fast.c substitutes groups and copies the rest.
void check_transform(const std::string &rule)
{
	for (char c : rule)
		if (c == '\\') {
			fprintf(stderr, "phone-meta-gen: a transform rule with a backslash: phone_fast.c reads $N only\n");
			exit(1);
		}
}

int write_table(const char *path)
{
	PhoneMetadataCollection all;
	if (!all.ParseFromArray(metadata_get(), metadata_size())) {
		fprintf(stderr, "phone-meta-gen: libphonenumber's metadata does not parse\n");
		return 1;
	}
	PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	// Index: (id, calling code) -> row; "001" (non-geographic) rows differ by code.
	std::map<std::pair<std::string, int>, int> row;
	fprintf(f, "/* phone_meta.c: made by phone-meta-gen (host/phone/phone_meta_gen.cc) from libphonenumber's\n"
		   " * own metadata; do not edit. */\n#include \"phone_meta.h\"\n\n");
	fprintf(f, "const lt_pm_region lt_pm_regions[] = {\n");
	int n = 0;
	for (const PhoneMetadata &m : all.metadata()) {
		check_transform(m.national_prefix_transform_rule());
		// PhoneNumberUtil's GetNumberTypeHelper order; mobile is left out where it is the fixed line's pattern.
		std::vector<const PhoneNumberDesc *> types = {&m.premium_rate(), &m.toll_free(), &m.shared_cost(),
							      &m.voip(),         &m.personal_number(), &m.pager(),
							      &m.uan(),          &m.voicemail(),  &m.fixed_line()};
		if (!m.same_mobile_and_fixed_line_pattern())
			types.push_back(&m.mobile());
		fprintf(f, "\t{%s, %d, %s, %s, %s, %s, %s, %s, %zu, {", literal(m.id()).c_str(), m.country_code(),
			m.has_international_prefix() ? literal(m.international_prefix()).c_str() : "NULL",
			literal(m.national_prefix_for_parsing()).c_str(),
			literal(m.national_prefix_transform_rule()).c_str(),
			m.has_leading_digits() ? literal(m.leading_digits()).c_str() : "NULL",
			desc(m.general_desc()).c_str(), m.main_country_for_code() ? "1" : "0", types.size());
		for (size_t i = 0; i < types.size(); i++)
			fprintf(f, "%s%s", i ? ", " : "", desc(*types[i]).c_str());
		for (size_t i = types.size(); i < 10; i++) // LT_PM_MAX_TYPES, every field given
			fprintf(f, ", {\"\", 0, 0}");
		fprintf(f, "}},\n");
		row[{m.id(), m.country_code()}] = n++;
	}
	fprintf(f, "};\nconst unsigned lt_pm_n_regions = %d;\n\n", n);

	// Calling codes, each with its regions in PhoneNumberUtil's order (the main one first).
	std::set<int> codes;
	u->GetSupportedCallingCodes(&codes);
	std::string index;
	int at = 0;
	fprintf(f, "const lt_pm_code lt_pm_codes[] = {\n");
	for (int cc : codes) {
		std::list<std::string> regions;
		u->GetRegionCodesForCountryCallingCode(cc, &regions);
		if (regions.empty()) {
			fprintf(stderr, "phone-meta-gen: no region for +%d\n", cc);
			return 1;
		}
		fprintf(f, "\t{%d, %zu, %d},\n", cc, regions.size(), at);
		for (const std::string &r : regions) {
			auto it = row.find({r, cc});
			if (it == row.end()) {
				fprintf(stderr, "phone-meta-gen: no metadata for %s (+%d)\n", r.c_str(), cc);
				return 1;
			}
			index += "\t" + std::to_string(it->second) + ",\n";
			at++;
		}
	}
	fprintf(f, "};\nconst unsigned lt_pm_n_codes = %zu;\nconst unsigned short lt_pm_code_regions[] = {\n%s};\n",
		codes.size(), index.c_str());
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

// ---- the corpus ----------------------------------------------------------

void line(FILE *f, const std::string &region, const std::string &text)
{
	if (text.empty() || text.find_first_of("\t\n") != std::string::npos)
		return;
	fprintf(f, "%s\t%s\n", region.empty() ? "-" : region.c_str(), text.c_str());
}

// Every written form of one example number, and near misses: a digit too few or too many.
void forms(FILE *f, PhoneNumberUtil *u, const std::string &region, const PhoneNumber &n)
{
	std::string e164, intl, national, nsn;
	u->Format(n, PhoneNumberUtil::E164, &e164);
	u->Format(n, PhoneNumberUtil::INTERNATIONAL, &intl);
	u->Format(n, PhoneNumberUtil::NATIONAL, &national);
	u->GetNationalSignificantNumber(n, &nsn);
	const std::string cc = std::to_string(n.country_code());
	line(f, "-", e164);
	line(f, "-", intl);
	line(f, "CN", intl);
	line(f, region, national);
	line(f, region, nsn);
	line(f, region, nsn.substr(0, nsn.size() - 1));
	line(f, region, nsn + "5");
	line(f, region, "00" + cc + " " + nsn);
	line(f, region, cc + nsn);
	line(f, "CN", national);
	line(f, "US", national);
	line(f, "DE", "00" + cc + nsn);
	line(f, "US", "011 " + cc + " " + nsn);
	line(f, "-", "+" + cc + nsn.substr(0, nsn.size() - 1));
	line(f, "-", "(" + national + ")");
}

int write_corpus(const char *path)
{
	PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	std::set<std::string> regions;
	u->GetSupportedRegions(&regions);
	for (const std::string &r : regions) {
		std::set<PhoneNumberUtil::PhoneNumberType> types;
		u->GetSupportedTypesForRegion(r, &types);
		for (PhoneNumberUtil::PhoneNumberType t : types) {
			PhoneNumber n;
			if (u->GetExampleNumberForType(r, t, &n))
				forms(f, u, r, n);
		}
		PhoneNumber bad;
		if (u->GetInvalidExampleNumber(r, &bad))
			forms(f, u, r, bad);
	}
	std::set<int> global;
	u->GetSupportedGlobalNetworkCallingCodes(&global);
	for (int cc : global) {
		PhoneNumber n;
		if (u->GetExampleNumberForNonGeoEntity(cc, &n))
			forms(f, u, "", n);
	}
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

} // namespace

int main(int argc, char **argv)
{
	if (argc == 2)
		return write_table(argv[1]);
	if (argc == 3 && strcmp(argv[1], "--corpus") == 0)
		return write_corpus(argv[2]);
	fprintf(stderr, "usage: phone-meta-gen OUT.c | phone-meta-gen --corpus OUT.txt\n");
	return 2;
}
