/**
 * Passwords that appear near the top of every published breach list (the NCSC "100k most common" list, SecLists),
 * kept to those of 8 or more characters since shorter ones fail the length rule anyway. `isCommonPassword` also
 * strips the digits and symbols people add to the end, so "Password123!" is caught through "password".
 */
const LIST = `
password passw0rd p@ssword p@ssw0rd password1 password12 password123 password1234 passwords
12345678 123456789 1234567890 0123456789 87654321 987654321 11111111 00000000 12121212 11223344
123123123 123321123 147258369 159753456 741852963 963852741 qwerty123 qwertyuiop qwertyui
qwerty12 qwerty1234 qwertyu1 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 zaq12wsx zaq1zaq1 asdfghjkl asdfghjk
zxcvbnm1 zxcvbnma iloveyou iloveyou1 iloveyou2 sunshine sunshine1 princess princess1 football
football1 baseball baseball1 welcome1 welcome123 welcome12 letmein1 letmein123 trustno1 whatever
superman batman123 starwars starwars1 pokemon1 computer internet michelle jennifer jessica1
charlie1 liverpool liverpool1 chelsea1 arsenal1 manchester manutd11 everton1 rangers1 celtic1888
football123 monkey123 dragon123 shadow12 master123 mustang1 michael1 daniel123 jordan23 hunter12
freedom1 whatever1 qwerty11 abc12345 abcd1234 abcdefgh abcdefg1 aa123456 a1234567 a1b2c3d4
1234qwer qwer1234 asdf1234 changeme changeme1 changeme123 default1 secret123 letmein! admin123
administrator admin1234 root1234 test1234 testing123 guest123 login123 access14 mypassword
nopassword newpassword password! sunflower butterfly butterfly1 chocolate chocolate1 cookie123
summer2024 summer2025 summer2026 winter2024 winter2025 winter2026 spring2025 spring2026 autumn2025
autumn2026 january1 february march2026 september november december birthday1 basketball
elephant1 flower123 football! princess! lovely123 loveyou1 babygirl1 angel123 blessed1 jesus123
christ1 heaven12 madison1 ashley12 samantha1 thomas123 matthew1 andrew12 joshua12 william1 jackson1
london123 england1 unitedkingdom nhsnhsnhs nhs12345 hospital1 doctor123 nurse123 therapy1 welcome2
monday123 tuesday1 friday13 qazwsxedc qazwsx123 1q2w3e4r5t6y zxcvbnm123 asdfasdf qwertyqwerty
passwordpassword 1111111111 0000000000 99999999 88888888 77777777 66666666 55555555 44444444
33333333 22222222 12341234 12344321 11112222 12345678910 123456123 123456abc 123456aa 696969696
`;

const COMMON = new Set(LIST.split(/\s+/).filter((w) => w.length > 0));

/** The word under the decoration: lower case, without trailing digits and symbols. */
function stem(password: string): string {
  return password.toLowerCase().replace(/[^a-z]+$/u, '');
}

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  const base = stem(password);
  return (
    base.length >= 4 && (COMMON.has(base) || ['password', 'passw0rd', 'qwerty', 'letmein', 'welcome'].includes(base))
  );
}
