/* SPDX-License-Identifier: MIT */
// phone_bridge.cc: the only file that speaks to libphonenumber (C++), behind
// the C functions of phone.h.
//
// Shape and decisions:
//  - Every call is wrapped in try/catch: no C++ exception may cross into C.
//  - libphonenumber's logger is replaced by a NullLogger once: the host's
//    stdout carries only protocol frames, and nothing may name a number.
//  - A number is accepted when it is *possible* (right length for its
//    country), not *valid* (in a known range), so newly opened number ranges
//    are not refused (lt_phone_is_valid() asks the stricter question, for
//    choosing between regions: ident.c, lt_phone_place). IS_POSSIBLE_LOCAL_ONLY is refused: a number without its
//    area code would give a wrong E.164 string.
//  - "8613800138000" with region CN comes out as +86...: libphonenumber strips
//    a leading country code without '+' when the rest is a national number
//    and the whole is too long (tested in tests/unit/test_ident.c).
//  - A leading "00" is the international prefix of most of the world; when the
//    region's own rules cannot read the number (no region, or a region such as
//    US whose prefix is 011), "00" is read as '+' as a second try.
#include "phone.h"

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdlib>
#include <cstring>
#include <string>

using i18n::phonenumbers::NullLogger;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

PhoneNumberUtil *util()
{
	static PhoneNumberUtil *const instance = [] {
		PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
		u->SetLogger(new NullLogger());
		return u;
	}();
	return instance;
}

bool two_letters(const char *region)
{
	auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
	return region && letter(region[0]) && letter(region[1]) && region[2] == '\0';
}

// "cn" -> "CN"; anything that is not two letters -> "ZZ" (libphonenumber's unknown region).
std::string region_code(const char *region)
{
	if (!two_letters(region))
		return "ZZ";
	std::string r(region);
	for (char &c : r)
		if (c >= 'a' && c <= 'z')
			c = static_cast<char>(c - 'a' + 'A');
	return r;
}

bool parse_possible(const std::string &text, const std::string &region, PhoneNumber *n)
{
	PhoneNumberUtil *u = util();
	if (u->Parse(text, region, n) != PhoneNumberUtil::NO_PARSING_ERROR)
		return false;
	return u->IsPossibleNumberWithReason(*n) == PhoneNumberUtil::IS_POSSIBLE;
}

// The text with a leading "00" (after spaces and an opening parenthesis) read
// as '+'; "" when it has none.
std::string idd_00_as_plus(const std::string &text)
{
	size_t i = text.find_first_not_of(" (");
	if (i == std::string::npos || text.compare(i, 2, "00") != 0)
		return "";
	return text.substr(0, i) + "+" + text.substr(i + 2);
}

int to_e164(const char *input, const char *region, char **e164)
{
	const std::string text(input), r = region_code(region);
	PhoneNumber n;
	if (!parse_possible(text, r, &n)) {
		const std::string retry = idd_00_as_plus(text);
		if (retry.empty() || !parse_possible(retry, r, &n))
			return -1;
	}
	std::string out;
	util()->Format(n, PhoneNumberUtil::E164, &out);
	*e164 = strdup(out.c_str());
	return *e164 ? 0 : -1;
}

} // namespace

extern "C" int lt_phone_module_check(void)
{
	return 0; // linked in: nothing to load
}

extern "C" int lt_phone_to_e164(const char *input, const char *region, char **e164)
{
	if (!e164)
		return -1;
	*e164 = nullptr;
	if (!input || !*input)
		return -1;
	try {
		return to_e164(input, region, e164);
	} catch (...) {
		free(*e164);
		*e164 = nullptr;
		return -1;
	}
}

extern "C" int lt_phone_is_valid(const char *e164)
{
	if (!e164 || e164[0] != '+')
		return 0;
	try {
		PhoneNumber n;
		if (util()->Parse(e164, "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR)
			return 0;
		return util()->IsValidNumber(n) ? 1 : 0;
	} catch (...) {
		return 0;
	}
}

extern "C" int lt_phone_region_known(const char *region)
{
	if (!two_letters(region))
		return 0;
	try {
		return util()->GetCountryCodeForRegion(region_code(region)) != 0;
	} catch (...) {
		return 0;
	}
}

extern "C" int lt_phone_region_of(const char *e164, char region[3])
{
	if (!e164 || e164[0] != '+' || !region)
		return -1;
	try {
		PhoneNumber n;
		std::string r;
		if (util()->Parse(e164, "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR)
			return -1;
		util()->GetRegionCodeForNumber(n, &r);
		if (!two_letters(r.c_str()) || r == "ZZ")
			util()->GetRegionCodeForCountryCode(n.country_code(), &r);
		if (!two_letters(r.c_str()) || r == "ZZ")
			return -1;
		memcpy(region, r.c_str(), 3);
		return 0;
	} catch (...) {
		return -1;
	}
}
