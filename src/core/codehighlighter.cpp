#include "codehighlighter.h"

#include <QHash>
#include <QPalette>
#include <QSet>
#include <QStringView>
#include <QTextBlock>
#include <QVarLengthArray>

#include <algorithm>
#include <iterator>
#include <vector>

namespace {

enum class Token : quint8 {
    Plain,
    Keyword,
    Type,
    String,
    Number,
    Comment,
    Function,
    Preprocessor,
    Added,
    Removed,
    Hunk,
    Count
};

// How a language's lines are read: most by the token scanner, three by their own line rules.
enum class Mode : quint8 { Code, Markup, Markdown, Diff };

enum Flag : quint32 {
    CaseInsensitive = 1u << 0, // keywords and types; the tables hold them in lower case
    FunctionCalls = 1u << 1, // a name directly followed by '(' is a function
    CapitalizedTypes = 1u << 2, // Foo (not FOO) is a type
    HashDirectives = 1u << 3, // '#word' first on a line: the C preprocessor
    CommentAtWordStart = 1u << 4, // '#' in a#b starts no comment (shell, YAML, INI)
    DashInWords = 1u << 5, // font-size, Get-ChildItem
    DashWordStart = 1u << 6, // -eq, -webkit-box, --custom
    DollarInWords = 1u << 7, // JavaScript's $el
    NestedComments = 1u << 8, // /* /* */ */ in Rust, Swift, Kotlin
    RustSyntax = 1u << 9, // lifetimes, r#"…"#, #[attributes], macro!
    CppRawStrings = 1u << 10, // R"delim(…)delim"
    QuoteDigitSeparators = 1u << 11, // 1'000'000
    Heredocs = 1u << 12, // <<EOF … EOF
    PromptLines = 1u << 13, // a console transcript: only "$ " and "# " lines are commands
    WordSuffixes = 1u << 14, // Ruby's empty? and save!
    LineKeys = 1u << 15, // `key:` or `key =` first on a line (YAML, TOML, INI, Makefile)
    SectionHeaders = 1u << 16, // [section]
    StringKeys = 1u << 17, // "key": in JSON and YAML
    ColonKeys = 1u << 18, // CSS: `property: value`
    HexColors = 1u << 19, // CSS: #fff
    MakeSyntax = 1u << 20, // targets, $(VAR), ?= and +=
};

enum StringFlag : quint8 { MultiLine = 1, DoubledQuote = 2, AtWordStart = 4 };

struct StringRule
{
    const char16_t *open;
    const char16_t *close;
    char16_t escape; // 0: none
    quint8 flags;
    Token token;
};

struct StringRules
{
    const StringRule *rules;
    int count;
};

template<int N> constexpr StringRules rules(const StringRule (&r)[N])
{
    return { r, N };
}

constexpr Token S = Token::String;

// Longer delimiters first: the first rule that matches wins.
constexpr StringRule cStrings[] = {
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", u'\\', 0, S },
};
constexpr StringRule tripleQuoteStrings[] = {
    { u"\"\"\"", u"\"\"\"", u'\\', MultiLine, S },
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", u'\\', 0, S },
};
constexpr StringRule kotlinStrings[] = {
    { u"\"\"\"", u"\"\"\"", 0, MultiLine, S },
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", u'\\', 0, S },
};
constexpr StringRule swiftStrings[] = {
    { u"\"\"\"", u"\"\"\"", u'\\', MultiLine, S },
    { u"\"", u"\"", u'\\', 0, S },
};
constexpr StringRule csStrings[] = {
    { u"\"\"\"", u"\"\"\"", 0, MultiLine, S },
    { u"$@\"", u"\"", 0, MultiLine | DoubledQuote, S },
    { u"@$\"", u"\"", 0, MultiLine | DoubledQuote, S },
    { u"@\"", u"\"", 0, MultiLine | DoubledQuote, S },
    { u"$\"", u"\"", u'\\', 0, S },
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", u'\\', 0, S },
};
constexpr StringRule jsStrings[] = {
    { u"`", u"`", u'\\', MultiLine, S },
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", u'\\', 0, S },
};
constexpr StringRule pythonStrings[] = {
    { u"\"\"\"", u"\"\"\"", u'\\', MultiLine, S },
    { u"'''", u"'''", u'\\', MultiLine, S },
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", u'\\', 0, S },
};
constexpr StringRule goStrings[] = {
    { u"`", u"`", 0, MultiLine, S },
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", u'\\', 0, S },
};
// Rust's '…' is a char or a lifetime, told apart by the scanner.
constexpr StringRule rustStrings[] = {
    { u"\"", u"\"", u'\\', MultiLine, S },
};
constexpr StringRule scriptStrings[] = {
    { u"\"", u"\"", u'\\', MultiLine, S },
    { u"'", u"'", u'\\', MultiLine, S },
    { u"`", u"`", u'\\', 0, S },
};
constexpr StringRule shellStrings[] = {
    { u"\"", u"\"", u'\\', MultiLine, S },
    { u"'", u"'", 0, MultiLine, S },
    { u"`", u"`", u'\\', 0, S },
};
constexpr StringRule powerShellStrings[] = {
    { u"@\"", u"\"@", 0, MultiLine, S },
    { u"@'", u"'@", 0, MultiLine, S },
    { u"\"", u"\"", u'`', MultiLine, S },
    { u"'", u"'", 0, MultiLine | DoubledQuote, S },
};
// "…" and `…` are quoted names in SQL, not strings.
constexpr StringRule sqlStrings[] = {
    { u"'", u"'", u'\\', MultiLine | DoubledQuote, S },
    { u"\"", u"\"", 0, DoubledQuote, Token::Plain },
    { u"`", u"`", 0, 0, Token::Plain },
};
constexpr StringRule jsonStrings[] = {
    { u"\"", u"\"", u'\\', 0, S },
};
// In data files an apostrophe inside a word (it's) opens nothing.
constexpr StringRule dataStrings[] = {
    { u"\"", u"\"", u'\\', AtWordStart, S },
    { u"'", u"'", 0, AtWordStart | DoubledQuote, S },
};
constexpr StringRule tomlStrings[] = {
    { u"\"\"\"", u"\"\"\"", u'\\', MultiLine, S },
    { u"'''", u"'''", 0, MultiLine, S },
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", 0, 0, S },
};
constexpr StringRule luaStrings[] = {
    { u"[[", u"]]", 0, MultiLine, S },
    { u"\"", u"\"", u'\\', 0, S },
    { u"'", u"'", u'\\', 0, S },
};

enum LanguageId {
    NoBase = -1,
    C,
    Cpp,
    CSharp,
    Java,
    Kotlin,
    JavaScript,
    TypeScript,
    Python,
    Go,
    Rust,
    Swift,
    Php,
    Ruby,
    Shell,
    Console,
    PowerShell,
    Sql,
    Json,
    Yaml,
    Toml,
    Ini,
    Markup,
    Css,
    Scss,
    Markdown,
    Dockerfile,
    Makefile,
    Lua,
    Diff,
    LanguageCount
};

// One table per language. Word lists are separated by spaces; comment and key lists too.
struct LanguageSpec
{
    const char16_t *name;
    const char16_t *aliases; // info strings, in lower case; alias=Label where the label differs
    Mode mode;
    quint32 flags;
    LanguageId base; // whose keywords and types this language has too
    const char16_t *keywords;
    const char16_t *types; // and built-ins
    const char16_t *declarations; // keywords after which a name is a type: class Foo
    const char16_t *lineComments;
    const char16_t *blockComments; // open close [open close]
    StringRules strings;
    const char16_t *stringPrefixes; // r"…", f"…", L"…"
    const char16_t *variableSigils; // $x, @x: Token::Type
    const char16_t *annotationSigils; // @Override, &anchor: Token::Preprocessor
    const char16_t *keySeparators; // with LineKeys
};

const LanguageSpec specs[LanguageCount] = {
    { u"C", u"c", Mode::Code, FunctionCalls | HashDirectives, NoBase,
        u"auto break case const continue default do else enum extern for goto if inline register "
        u"restrict return sizeof static struct switch typedef union volatile while alignas alignof "
        u"static_assert thread_local true false nullptr NULL",
        u"void char short int long float double signed unsigned bool size_t ssize_t ptrdiff_t "
        u"intptr_t uintptr_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t "
        u"wchar_t FILE va_list off_t pid_t time_t",
        u"struct union enum", u"//", u"/* */", rules(cStrings), u"l u u8", nullptr, nullptr,
        nullptr },
    { u"C++", u"cpp c++ cc cxx h hh hpp hxx", Mode::Code,
        FunctionCalls | HashDirectives | CppRawStrings | QuoteDigitSeparators, C,
        u"and and_eq asm bitand bitor catch class co_await co_return co_yield compl concept "
        u"const_cast consteval constexpr constinit decltype delete dynamic_cast explicit export "
        u"final friend import module mutable namespace new noexcept not not_eq operator or or_eq "
        u"override private protected public reinterpret_cast requires static_cast template this "
        u"throw try typeid typename using virtual xor xor_eq",
        u"char8_t char16_t char32_t std string wstring string_view vector array map multimap "
        u"unordered_map set unordered_set list deque pair tuple optional variant unique_ptr "
        u"shared_ptr weak_ptr function span thread mutex atomic",
        u"class struct union enum namespace concept", u"//", u"/* */", rules(cStrings), u"l u u8",
        nullptr, nullptr, nullptr },
    { u"C#", u"cs csharp c#", Mode::Code, FunctionCalls | HashDirectives | CapitalizedTypes, NoBase,
        u"abstract as base break case catch checked class const continue default delegate do else "
        u"enum event explicit extern false finally fixed for foreach goto if implicit in interface "
        u"internal is lock namespace new null operator out override params private protected "
        u"public readonly ref return sealed sizeof stackalloc static struct switch this throw true "
        u"try typeof unchecked unsafe using virtual volatile while add alias async await by "
        u"descending equals from get global group init into join let nameof on orderby partial "
        u"record remove required select set value var when where with yield",
        u"bool byte char decimal double float int long object sbyte short string uint ulong ushort "
        u"void dynamic nint nuint",
        u"class struct interface enum record namespace new", u"//", u"/* */", rules(csStrings),
        nullptr, nullptr, nullptr, nullptr },
    { u"Java", u"java", Mode::Code, FunctionCalls | CapitalizedTypes, NoBase,
        u"abstract assert break case catch class const continue default do else enum extends final "
        u"finally for goto if implements import instanceof interface native new package permits "
        u"private protected public record return sealed static strictfp super switch synchronized "
        u"this throw throws transient try var volatile while yield true false null",
        u"boolean byte char double float int long short void",
        u"class interface enum record extends implements new throws", u"//", u"/* */",
        rules(tripleQuoteStrings), nullptr, nullptr, u"@", nullptr },
    { u"Kotlin", u"kotlin kt kts", Mode::Code, FunctionCalls | CapitalizedTypes | NestedComments,
        NoBase,
        u"as break class continue do else false for fun if in interface is null object package "
        u"return super this throw true try typealias typeof val var when while by catch "
        u"constructor finally get import init set where abstract actual annotation companion "
        u"const crossinline data enum expect external final infix inline inner internal lateinit "
        u"noinline open operator out override private protected public reified sealed suspend "
        u"tailrec vararg",
        u"println print listOf mapOf setOf mutableListOf mutableMapOf arrayOf",
        u"class interface object typealias", u"//", u"/* */", rules(kotlinStrings), nullptr,
        nullptr, u"@", nullptr },
    { u"JavaScript", u"javascript js jsx=JSX mjs cjs node", Mode::Code,
        FunctionCalls | DollarInWords, NoBase,
        u"as async await break case catch class const continue debugger default delete do else "
        u"export extends false finally for from function get if import in instanceof let new null "
        u"of return set static super switch this throw true try typeof undefined var void while "
        u"with yield",
        u"Array ArrayBuffer BigInt Boolean Date Error Function Infinity JSON Map Math NaN Number "
        u"Object Promise Proxy Reflect RegExp Set String Symbol TypeError WeakMap WeakSet console "
        u"document globalThis module process require window",
        u"class extends new", u"//", u"/* */", rules(jsStrings), nullptr, nullptr, u"@", nullptr },
    { u"TypeScript", u"typescript ts tsx=TSX mts", Mode::Code, FunctionCalls | DollarInWords,
        JavaScript,
        u"abstract asserts declare enum implements infer interface is keyof namespace private "
        u"protected public readonly satisfies type unique override accessor",
        u"any bigint boolean never number object string symbol unknown Record Partial Required "
        u"Readonly Pick Omit Exclude Extract ReturnType Awaited",
        u"class extends new interface type enum namespace implements", u"//", u"/* */",
        rules(jsStrings), nullptr, nullptr, u"@", nullptr },
    { u"Python", u"python py python3 py3 pyi", Mode::Code, FunctionCalls, NoBase,
        u"False None True and as assert async await break class continue def del elif else except "
        u"finally for from global if import in is lambda nonlocal not or pass raise return try "
        u"while with yield",
        u"abs all any bool bytearray bytes callable chr classmethod dict dir enumerate filter "
        u"float "
        u"format frozenset getattr hasattr hash id input int isinstance issubclass iter len list "
        u"map max min next object open ord print property range repr reversed round self set "
        u"setattr slice sorted staticmethod str sum super tuple type vars zip cls __name__ "
        u"__init__ Exception ValueError TypeError KeyError IndexError RuntimeError AttributeError "
        u"ImportError OSError StopIteration NotImplementedError",
        u"class", u"#", nullptr, rules(pythonStrings), u"r u b f br rb fr rf", nullptr, u"@",
        nullptr },
    { u"Go", u"go golang", Mode::Code, FunctionCalls, NoBase,
        u"break case chan const continue default defer else fallthrough for func go goto if import "
        u"interface map package range return select struct switch type var true false nil iota",
        u"any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 "
        u"int64 rune string uint uint8 uint16 uint32 uint64 uintptr append cap clear close complex "
        u"copy delete imag len make max min new panic print println real recover",
        u"type", u"//", u"/* */", rules(goStrings), nullptr, nullptr, nullptr, nullptr },
    { u"Rust", u"rust rs", Mode::Code,
        FunctionCalls | CapitalizedTypes | NestedComments | RustSyntax, NoBase,
        u"as async await break const continue crate dyn else enum extern false fn for if impl in "
        u"let loop match mod move mut pub ref return self Self static struct super trait true type "
        u"union unsafe use where while macro_rules",
        u"bool char str i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 String Vec "
        u"Option Result Box Rc Arc RefCell Cell HashMap HashSet BTreeMap BTreeSet Some None Ok Err",
        u"struct enum trait type union impl dyn", u"//", u"/* */", rules(rustStrings), u"b",
        nullptr, nullptr, nullptr },
    { u"Swift", u"swift", Mode::Code,
        FunctionCalls | CapitalizedTypes | NestedComments | HashDirectives, NoBase,
        u"actor any as associatedtype async await break case catch class continue convenience "
        u"default defer deinit didSet do dynamic else enum extension fallthrough false fileprivate "
        u"final for func get guard if import in indirect init inout internal is lazy let mutating "
        u"nil nonmutating open operator override private protocol public repeat required rethrows "
        u"return self Self set some static struct subscript super switch throw throws true try "
        u"typealias unowned var weak where while willSet",
        u"print", u"class struct enum protocol extension actor typealias", u"//", u"/* */",
        rules(swiftStrings), nullptr, nullptr, u"@", nullptr },
    { u"PHP", u"php", Mode::Code, FunctionCalls | CaseInsensitive, NoBase,
        u"abstract and array as break callable case catch class clone const continue declare "
        u"default do echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile "
        u"enum extends false final finally fn for foreach function global goto if implements "
        u"include include_once instanceof insteadof interface isset list match namespace new null "
        u"or print private protected public readonly require require_once return static switch "
        u"throw trait true try unset use var while xor yield self parent",
        u"int float bool string object mixed void never iterable",
        u"class interface trait enum extends implements new", u"// #", u"/* */",
        rules(scriptStrings), nullptr, u"$", nullptr, nullptr },
    { u"Ruby", u"ruby rb", Mode::Code, FunctionCalls | CapitalizedTypes | WordSuffixes, NoBase,
        u"BEGIN END alias and begin break case class def defined? do else elsif end ensure false "
        u"for if in module next nil not or redo rescue retry return self super then true undef "
        u"unless until when while yield",
        u"attr_accessor attr_reader attr_writer extend include lambda loop p private proc "
        u"protected public puts print raise require require_relative",
        u"class module", u"#", nullptr, rules(scriptStrings), nullptr, u"@$:", nullptr, nullptr },
    { u"Shell", u"sh shell ksh bash=Bash zsh=Zsh", Mode::Code,
        FunctionCalls | CommentAtWordStart | Heredocs, NoBase,
        u"case do done elif else esac fi for function if in select then time until while",
        u"alias bg break builtin cd command continue declare echo eval exec exit export false fg "
        u"getopts hash jobs kill let local printf pwd read readonly return set shift source test "
        u"trap true type typeset ulimit umask unalias unset wait",
        nullptr, u"#", nullptr, rules(shellStrings), nullptr, u"$", nullptr, nullptr },
    { u"Console", u"console shell-session", Mode::Code, CommentAtWordStart | Heredocs | PromptLines,
        Shell, nullptr, nullptr, nullptr, u"#", nullptr, rules(shellStrings), nullptr, u"$",
        nullptr, nullptr },
    { u"PowerShell", u"powershell ps1 ps pwsh", Mode::Code,
        FunctionCalls | CaseInsensitive | DashInWords | DashWordStart, NoBase,
        u"begin break catch class continue data do dynamicparam else elseif end enum exit filter "
        u"finally for foreach function hidden if in param process return static switch throw trap "
        u"try until using while -and -as -band -bnot -bor -bxor -contains -eq -f -ge -gt -in -is "
        u"-isnot -join -le -like -lt -match -ne -not -notcontains -notin -notlike -notmatch -or "
        u"-replace -split -xor",
        u"string int long bool double array hashtable object void pscustomobject", nullptr, u"#",
        u"<# #>", rules(powerShellStrings), nullptr, u"$", nullptr, nullptr },
    { u"SQL", u"sql mysql postgresql postgres psql sqlite plpgsql", Mode::Code,
        FunctionCalls | CaseInsensitive, NoBase,
        u"add all alter analyze and as asc begin between by cascade case check column commit "
        u"conflict constraint create cross database default delete desc distinct do drop else end "
        u"except exists explain false fetch for foreign from full function grant group having if "
        u"in index inner insert intersect into is join key lateral left like limit natural not "
        u"nothing null offset on only or order outer over partition primary procedure recursive "
        u"references replace returning returns revoke right rollback rows schema select set show "
        u"table then to transaction trigger true truncate union unique update using values view "
        u"when where window with",
        u"bigint bigserial blob bool boolean bytea char character clob date datetime decimal "
        u"double "
        u"float int integer interval json jsonb money nchar numeric nvarchar precision real serial "
        u"smallint text time timestamp timestamptz tinyint uuid varchar varying avg coalesce count "
        u"max min now sum",
        u"table into from join update", u"--", u"/* */", rules(sqlStrings), nullptr, nullptr,
        nullptr, nullptr },
    { u"JSON", u"json jsonc json5", Mode::Code, StringKeys, NoBase, u"true false null", nullptr,
        nullptr, u"//", u"/* */", rules(jsonStrings), nullptr, nullptr, nullptr, nullptr },
    { u"YAML", u"yaml yml", Mode::Code,
        CaseInsensitive | CommentAtWordStart | DashInWords | LineKeys | StringKeys, NoBase,
        u"true false null", nullptr, nullptr, u"#", nullptr, rules(dataStrings), nullptr, nullptr,
        u"&*!", u":" },
    { u"TOML", u"toml", Mode::Code, DashInWords | LineKeys | SectionHeaders, NoBase, u"true false",
        nullptr, nullptr, u"#", nullptr, rules(tomlStrings), nullptr, nullptr, nullptr, u"=" },
    { u"INI", u"ini cfg conf", Mode::Code,
        CaseInsensitive | CommentAtWordStart | LineKeys | SectionHeaders, NoBase, u"true false",
        nullptr, nullptr, u"; #", nullptr, rules(dataStrings), nullptr, nullptr, nullptr, u"=:" },
    { u"XML", u"xml html=HTML htm=HTML xhtml=XHTML svg=SVG vue=Vue", Mode::Markup, 0, NoBase,
        nullptr, nullptr, nullptr, nullptr, nullptr, {}, nullptr, nullptr, nullptr, nullptr },
    { u"CSS", u"css", Mode::Code,
        FunctionCalls | DashInWords | DashWordStart | ColonKeys | HexColors, NoBase,
        u"important and not only from to inherit initial unset revert auto none", nullptr, nullptr,
        nullptr, u"/* */", rules(cStrings), nullptr, nullptr, u"@", nullptr },
    { u"SCSS", u"scss less=Less", Mode::Code,
        FunctionCalls | DashInWords | DashWordStart | ColonKeys | HexColors, Css, nullptr, nullptr,
        nullptr, u"//", u"/* */", rules(cStrings), nullptr, u"$", u"@", nullptr },
    { u"Markdown", u"markdown md", Mode::Markdown, 0, NoBase, nullptr, nullptr, nullptr, nullptr,
        nullptr, {}, nullptr, nullptr, nullptr, nullptr },
    { u"Dockerfile", u"dockerfile docker containerfile", Mode::Code, CommentAtWordStart, NoBase,
        u"FROM AS RUN CMD LABEL MAINTAINER EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG "
        u"ONBUILD STOPSIGNAL HEALTHCHECK SHELL",
        nullptr, nullptr, u"#", nullptr, rules(dataStrings), nullptr, u"$", nullptr, nullptr },
    { u"Makefile", u"makefile make mk", Mode::Code, CommentAtWordStart | LineKeys | MakeSyntax,
        NoBase,
        u"define else endef endif export ifdef ifeq ifndef ifneq include override sinclude "
        u"undefine unexport vpath",
        nullptr, nullptr, u"#", nullptr, rules(dataStrings), nullptr, u"$", nullptr, u":=" },
    { u"Lua", u"lua", Mode::Code, FunctionCalls, NoBase,
        u"and break do else elseif end false for function goto if in local nil not or repeat "
        u"return then true until while",
        u"assert collectgarbage coroutine error getmetatable io ipairs math next os pairs pcall "
        u"print rawget rawset require select self setmetatable string table tonumber tostring type "
        u"unpack xpcall",
        nullptr, u"--", u"--[[ ]]", rules(luaStrings), nullptr, nullptr, nullptr, nullptr },
    { u"Diff", u"diff patch", Mode::Diff, 0, NoBase, nullptr, nullptr, nullptr, nullptr, nullptr,
        {}, nullptr, nullptr, nullptr, nullptr },
};

// A language's table made ready for lookups, once.
struct Language
{
    const LanguageSpec *spec;
    QSet<QStringView> keywords;
    QSet<QStringView> types;
    QSet<QStringView> declarations;
    QSet<QStringView> stringPrefixes;
    QList<QStringView> lineComments;
    QList<QStringView> blockComments; // open, close
    QStringView variableSigils;
    QStringView annotationSigils;
    QStringView keySeparators;
};

QList<QStringView> words(const char16_t *list)
{
    QList<QStringView> result;
    const QStringView text(list ? list : u"");
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == u' ')
            ++i;
        const qsizetype start = i;
        while (i < text.size() && text[i] != u' ')
            ++i;
        if (i > start)
            result.append(text.mid(start, i - start));
    }
    return result;
}

QSet<QStringView> wordSet(const char16_t *list)
{
    const auto all = words(list);
    return QSet<QStringView>(all.cbegin(), all.cend());
}

struct Alias
{
    int language;
    QStringView label;
};

struct Registry
{
    std::vector<Language> languages;
    QHash<QString, Alias> aliases;

    Registry()
    {
        languages.reserve(LanguageCount);
        for (const LanguageSpec &spec : specs) {
            Language l;
            l.spec = &spec;
            l.keywords = wordSet(spec.keywords);
            l.types = wordSet(spec.types);
            if (spec.base != NoBase) {
                l.keywords.unite(wordSet(specs[spec.base].keywords));
                l.types.unite(wordSet(specs[spec.base].types));
            }
            l.declarations = wordSet(spec.declarations);
            l.stringPrefixes = wordSet(spec.stringPrefixes);
            l.lineComments = words(spec.lineComments);
            l.blockComments = words(spec.blockComments);
            Q_ASSERT(l.blockComments.size() % 2 == 0);
            l.variableSigils = QStringView(spec.variableSigils ? spec.variableSigils : u"");
            l.annotationSigils = QStringView(spec.annotationSigils ? spec.annotationSigils : u"");
            l.keySeparators = QStringView(spec.keySeparators ? spec.keySeparators : u"");
            languages.push_back(std::move(l));
        }
        for (int language = 0; language < LanguageCount; ++language) {
            for (const QStringView alias : words(specs[language].aliases)) {
                const qsizetype equals = alias.indexOf(u'=');
                const QStringView label
                    = equals < 0 ? QStringView(specs[language].name) : alias.mid(equals + 1);
                aliases.insert(
                    alias.left(equals < 0 ? alias.size() : equals).toString(), { language, label });
            }
        }
    }
};

// Built on first use; C++11 makes the initialisation thread-safe.
const Registry &registry()
{
    static const Registry r;
    return r;
}

// The language word of an info string: "python" in "python", "{.python .numberLines}" or
// "python title=x".
QStringView languageWord(const QString &infoString)
{
    QStringView v = QStringView(infoString).trimmed();
    if (v.startsWith(u'{'))
        v = v.mid(1).trimmed();
    if (v.startsWith(u'.'))
        v = v.mid(1);
    qsizetype end = 0;
    while (
        end < v.size() && !v[end].isSpace() && v[end] != u'{' && v[end] != u'}' && v[end] != u',')
        ++end;
    return v.left(end);
}

const Alias *findAlias(const QString &infoString)
{
    const QStringView word = languageWord(infoString);
    if (word.isEmpty())
        return nullptr;
    const auto &aliases = registry().aliases;
    const auto it = aliases.constFind(word.toString().toLower());
    return it == aliases.cend() ? nullptr : &*it;
}

// The state at the end of a line, kept as the block state: 0 when nothing is open.
// Bits 0-3: what is open; 4-7: which rule; 8-29: a count or a delimiter's key.
enum Open : int {
    Nothing,
    InBlockComment,
    InString,
    InRustRaw,
    InCppRaw,
    InHeredoc,
    InTag,
    InTagString,
    InFence
};
constexpr int maxExtra = 0x3fffff;
constexpr int makeState(Open open, int index = 0, int extra = 0)
{
    return int(open) | (index << 4) | (qMin(extra, maxExtra) << 8);
}
constexpr Open openOf(int state)
{
    return Open(state & 0xf);
}
constexpr int indexOf(int state)
{
    return (state >> 4) & 0xf;
}
constexpr int extraOf(int state)
{
    return (state >> 8) & maxExtra;
}

// A short key for a raw string's or heredoc's closing delimiter, so that the next line can
// recognise it: its length (up to 31) and a hash. 0 when it is too long to carry.
int delimiterKey(QStringView delimiter)
{
    if (delimiter.size() > 31)
        return 0;
    uint hash = 0;
    for (const QChar c : delimiter)
        hash = hash * 31 + c.unicode();
    return int(((hash & 0x1ffff) << 5) | uint(delimiter.size()));
}

bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}
bool isHexDigit(char16_t c)
{
    return isDigit(c) || ((c | 0x20) >= u'a' && (c | 0x20) <= u'f');
}
bool isAsciiLetter(char16_t c)
{
    return (c | 0x20) >= u'a' && (c | 0x20) <= u'z';
}
bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || (c >= 0x80 && QChar(c).isSpace()) || c == u'\r' || c == u'\f'
        || c == u'\v';
}

// ASCII lower case of `word`, for the case-insensitive tables; empty when too long.
QStringView lowered(QStringView word, std::array<char16_t, 32> &buffer)
{
    if (word.size() > qsizetype(buffer.size()))
        return {};
    for (qsizetype i = 0; i < word.size(); ++i) {
        const char16_t c = word[i].unicode();
        buffer[size_t(i)] = (c >= u'A' && c <= u'Z') ? char16_t(c + 32) : c;
    }
    return QStringView(buffer.data(), word.size());
}

struct Span
{
    int start;
    int length;
    Token token;
};
using Spans = QVarLengthArray<Span, 32>;

// Reads one line left to right, never going back: linear in its length. Leaves the spans to
// colour in `spans` and returns the state at the end of the line.
class LineScanner
{
public:
    LineScanner(const Language &language, QStringView text, Spans &spans)
        : m_lang(language)
        , m_flags(language.spec->flags)
        , m_s(text.utf16())
        , m_n(text.size())
        , m_spans(spans)
    { }

    int scan(int state)
    {
        switch (m_lang.spec->mode) {
        case Mode::Code:
            return scanCode(state);
        case Mode::Markup:
            return scanMarkup(state);
        case Mode::Markdown:
            return scanMarkdown(state);
        case Mode::Diff:
            return scanDiff();
        }
        return 0;
    }

private:
    char16_t at(qsizetype i) const { return i >= 0 && i < m_n ? m_s[i] : u'\0'; }
    bool matches(qsizetype i, QStringView s) const
    {
        if (i + s.size() > m_n)
            return false;
        for (qsizetype k = 0; k < s.size(); ++k) {
            if (m_s[i + k] != s[k].unicode())
                return false;
        }
        return true;
    }
    bool isWordStart(qsizetype i) const
    {
        const char16_t c = at(i);
        return isAsciiLetter(c) || c == u'_' || (c == u'$' && (m_flags & DollarInWords))
            || (c >= 0x80 && QChar(c).isLetter());
    }
    bool isWordChar(qsizetype i) const
    {
        return isWordStart(i) || isDigit(at(i))
            || (at(i) == u'-' && (m_flags & DashInWords) && isWordStart(i + 1));
    }
    bool isSpaceOrEnd(qsizetype i) const { return i >= m_n || isSpace(m_s[i]); }
    qsizetype skipSpaces(qsizetype i) const
    {
        while (i < m_n && isSpace(m_s[i]))
            ++i;
        return i;
    }
    qsizetype find(qsizetype from, char16_t c) const
    {
        for (qsizetype i = from; i < m_n; ++i) {
            if (m_s[i] == c)
                return i;
        }
        return -1;
    }
    void mark(qsizetype from, qsizetype to, Token token)
    {
        if (to > from && token != Token::Plain)
            m_spans.append({ int(from), int(to - from), token });
    }
    // Marks from `spanStart` to just after `close`, looked for from `from`, or to the end of
    // the line; returns whether `close` was found.
    bool until(qsizetype spanStart, qsizetype from, QStringView close, Token token)
    {
        for (qsizetype i = from; i < m_n; ++i) {
            if (matches(i, close)) {
                m_pos = i + close.size();
                mark(spanStart, m_pos, token);
                return true;
            }
        }
        m_pos = m_n;
        mark(spanStart, m_n, token);
        return false;
    }

    int scanCode(int state);
    void lineStart();
    void lineKey(qsizetype i);
    int codeTokens();
    bool blockCommentAt();
    bool lineCommentAt();
    bool stringAt();
    bool specialAt();
    bool sigilAt();
    bool wordAt();
    Token nameToken(QStringView word, QStringView key, bool member, bool macro) const;
    bool numberAt();
    int ruleAt(qsizetype i, bool afterPrefix) const;
    void openString(int rule, qsizetype spanStart, qsizetype from);
    int blockComment(qsizetype spanStart, qsizetype from, int pair, int depth);
    int string(qsizetype spanStart, qsizetype from, int rule);
    int rustRaw(qsizetype spanStart, qsizetype from, int hashes);
    int cppRaw(qsizetype spanStart, qsizetype from, int key);
    int heredocLine(int key, bool indented);
    void rustQuote(qsizetype spanStart, qsizetype quote);

    int scanMarkup(int state);
    int tagBody();
    int scanMarkdown(int state);
    int scanDiff();

    const Language &m_lang;
    const quint32 m_flags;
    const char16_t *m_s;
    const qsizetype m_n;
    Spans &m_spans;
    qsizetype m_pos = 0;
    int m_open = 0; // a construct still open at the end of the line
    int m_heredoc = 0; // the key of a heredoc whose body starts on the next line
    bool m_heredocIndented = false;
    bool m_afterDeclaration = false; // after `class`: the next name is a type
};

int LineScanner::scanCode(int state)
{
    switch (openOf(state)) {
    case InBlockComment:
        m_open = blockComment(0, 0, indexOf(state), extraOf(state));
        break;
    case InString:
        m_open = string(0, 0, indexOf(state));
        break;
    case InRustRaw:
        m_open = rustRaw(0, 0, extraOf(state));
        break;
    case InCppRaw:
        m_open = cppRaw(0, 0, extraOf(state));
        break;
    case InHeredoc:
        return heredocLine(extraOf(state), indexOf(state) != 0);
    default:
        lineStart();
        break;
    }
    if (m_open)
        return m_open;
    return codeTokens();
}

// What only the start of a line can be: a prompt, a preprocessor directive, a section header
// or a key.
void LineScanner::lineStart()
{
    const qsizetype i = skipSpaces(0);
    const char16_t c = at(i);
    if (m_flags & PromptLines) {
        // Output lines are not shell: reading them as shell would paint garbage.
        if ((c == u'$' || c == u'#' || c == u'%') && (i + 1 >= m_n || isSpace(at(i + 1)))) {
            mark(i, i + 1, Token::Preprocessor);
            m_pos = i + 1;
        } else {
            m_pos = m_n;
        }
        return;
    }
    m_pos = i;
    if ((m_flags & HashDirectives) && c == u'#') {
        qsizetype j = skipSpaces(i + 1);
        const qsizetype name = j;
        while (isWordChar(j))
            ++j;
        mark(i, j, Token::Preprocessor);
        m_pos = j;
        const QStringView directive(m_s + name, j - name);
        if (directive == QStringView(u"include") || directive == QStringView(u"import")) {
            const qsizetype open = skipSpaces(j);
            const qsizetype close = at(open) == u'<' ? find(open + 1, u'>') : -1;
            if (close > 0) {
                mark(open, close + 1, Token::String);
                m_pos = close + 1;
            }
        }
        return;
    }
    if ((m_flags & SectionHeaders) && c == u'[') {
        qsizetype close = find(i + 1, u']');
        if (close > 0 && at(close + 1) == u']')
            ++close;
        const qsizetype after = close > 0 ? skipSpaces(close + 1) : -1;
        if (close > 0 && (after == m_n || at(after) == u'#' || at(after) == u';')) {
            mark(i, close + 1, Token::Keyword);
            m_pos = close + 1;
            return;
        }
    }
    if ((m_flags & LineKeys) && !((m_flags & MakeSyntax) && at(0) == u'\t'))
        lineKey(i);
}

// `key: value`, `key = value`, `- key: value`; in a Makefile `target: prerequisites` and
// `VAR ?= value`.
void LineScanner::lineKey(qsizetype i)
{
    const bool make = m_flags & MakeSyntax;
    if (m_lang.keySeparators.contains(u':')) {
        while (at(i) == u'-' && isSpace(at(i + 1)))
            i = skipSpaces(i + 2);
    }
    const qsizetype start = i;
    const char16_t first = at(i);
    if (i >= m_n || first == u'"' || first == u'\'' || first == u'#' || first == u';'
        || first == u'[' || first == u'{' || first == u'&' || first == u'*' || first == u'!'
        || first == u'|' || first == u'>')
        return;
    qsizetype k = i;
    for (; k < m_n; ++k) {
        const char16_t c = m_s[k];
        if (m_lang.keySeparators.contains(c)) {
            // "http://x" is no key; in a Makefile ":=" assigns.
            if (c == u':' && k + 1 < m_n && !isSpace(at(k + 1)) && !(make && at(k + 1) == u'='))
                continue;
            break;
        }
        if (make && (c == u'?' || c == u'+' || c == u'!') && at(k + 1) == u'=')
            break;
        if (c == u'"' || c == u'\'' || c == u'#')
            return;
    }
    if (k >= m_n)
        return;
    qsizetype end = k;
    while (end > start && isSpace(m_s[end - 1]))
        --end;
    if (end == start)
        return;
    const bool target = make && at(k) == u':' && at(k + 1) != u'=';
    mark(start, end, target ? Token::Function : Token::Type);
    m_pos = end;
}

int LineScanner::codeTokens()
{
    while (m_pos < m_n) {
        if (isSpace(m_s[m_pos])) {
            ++m_pos;
            continue;
        }
        if (blockCommentAt() || lineCommentAt() || stringAt() || specialAt() || sigilAt()
            || wordAt() || numberAt())
            continue;
        m_afterDeclaration = false; // punctuation: `struct {` declares no name
        ++m_pos;
    }
    if (m_open)
        return m_open;
    if (m_heredoc)
        return makeState(InHeredoc, m_heredocIndented ? 1 : 0, m_heredoc);
    return 0;
}

bool LineScanner::blockCommentAt()
{
    const auto &pairs = m_lang.blockComments;
    for (int p = 0; p + 1 < pairs.size(); p += 2) {
        if (matches(m_pos, pairs[p])) {
            m_open = blockComment(m_pos, m_pos + pairs[p].size(), p / 2, 0);
            return true;
        }
    }
    return false;
}

int LineScanner::blockComment(qsizetype spanStart, qsizetype from, int pair, int depth)
{
    const QStringView open = m_lang.blockComments[qsizetype(pair) * 2];
    const QStringView close = m_lang.blockComments[qsizetype(pair) * 2 + 1];
    const bool nested = m_flags & NestedComments;
    qsizetype i = from;
    while (i < m_n) {
        if (matches(i, close)) {
            i += close.size();
            if (depth == 0) {
                mark(spanStart, i, Token::Comment);
                m_pos = i;
                return 0;
            }
            --depth;
        } else if (nested && matches(i, open)) {
            i += open.size();
            ++depth;
        } else {
            ++i;
        }
    }
    mark(spanStart, m_n, Token::Comment);
    m_pos = m_n;
    return makeState(InBlockComment, pair, depth);
}

bool LineScanner::lineCommentAt()
{
    for (const QStringView marker : m_lang.lineComments) {
        if (matches(m_pos, marker)
            && (!(m_flags & CommentAtWordStart) || m_pos == 0 || isSpace(m_s[m_pos - 1]))) {
            mark(m_pos, m_n, Token::Comment);
            m_pos = m_n;
            return true;
        }
    }
    return false;
}

int LineScanner::ruleAt(qsizetype i, bool afterPrefix) const
{
    const StringRules &strings = m_lang.spec->strings;
    for (int r = 0; r < strings.count; ++r) {
        const StringRule &rule = strings.rules[r];
        if (rule.open[0] == at(i) && matches(i, QStringView(rule.open))
            && (!(rule.flags & AtWordStart) || afterPrefix || !isWordChar(i - 1)))
            return r;
    }
    return -1;
}

bool LineScanner::stringAt()
{
    const int rule = ruleAt(m_pos, false);
    if (rule < 0)
        return false;
    openString(rule, m_pos, m_pos + QStringView(m_lang.spec->strings.rules[rule].open).size());
    return true;
}

void LineScanner::openString(int rule, qsizetype spanStart, qsizetype from)
{
    m_afterDeclaration = false;
    m_open = string(spanStart, from, rule);
    // "key": value
    if (!m_open && (m_flags & StringKeys) && at(skipSpaces(m_pos)) == u':' && !m_spans.isEmpty()
        && m_spans.last().start == spanStart)
        m_spans.last().token = Token::Type;
}

int LineScanner::string(qsizetype spanStart, qsizetype from, int ruleIndex)
{
    const StringRule &rule = m_lang.spec->strings.rules[ruleIndex];
    const QStringView close(rule.close);
    qsizetype i = from;
    while (i < m_n) {
        if (rule.escape && m_s[i] == rule.escape) {
            i += 2;
        } else if (matches(i, close)) {
            i += close.size();
            if ((rule.flags & DoubledQuote) && matches(i, close)) {
                i += close.size();
                continue;
            }
            mark(spanStart, i, rule.token);
            m_pos = i;
            return 0;
        } else {
            ++i;
        }
    }
    const bool escapedLineEnd = i > m_n; // "…\ at the end of a line goes on
    mark(spanStart, m_n, rule.token);
    m_pos = m_n;
    return (rule.flags & MultiLine) || escapedLineEnd ? makeState(InString, ruleIndex) : 0;
}

// Rust's r#"…"#: the string ends at a quote followed by as many hashes as opened it.
int LineScanner::rustRaw(qsizetype spanStart, qsizetype from, int hashes)
{
    for (qsizetype i = from; i < m_n; ++i) {
        if (m_s[i] != u'"')
            continue;
        int h = 0;
        while (h < hashes && at(i + 1 + h) == u'#')
            ++h;
        if (h == hashes) {
            m_pos = i + 1 + h;
            mark(spanStart, m_pos, Token::String);
            return 0;
        }
    }
    mark(spanStart, m_n, Token::String);
    m_pos = m_n;
    return makeState(InRustRaw, 0, hashes);
}

// C++'s R"delim(…)delim".
int LineScanner::cppRaw(qsizetype spanStart, qsizetype from, int key)
{
    const qsizetype length = key & 31;
    for (qsizetype i = from; i + length + 1 < m_n; ++i) {
        if (m_s[i] == u')' && m_s[i + length + 1] == u'"'
            && delimiterKey(QStringView(m_s + i + 1, length)) == key) {
            m_pos = i + length + 2;
            mark(spanStart, m_pos, Token::String);
            return 0;
        }
    }
    mark(spanStart, m_n, Token::String);
    m_pos = m_n;
    return makeState(InCppRaw, 0, key);
}

int LineScanner::heredocLine(int key, bool indented)
{
    qsizetype i = 0;
    while (indented && at(i) == u'\t')
        ++i;
    qsizetype end = m_n;
    while (end > i && isSpace(m_s[end - 1]))
        --end;
    if (delimiterKey(QStringView(m_s + i, end - i)) == key) {
        mark(i, end, Token::Keyword);
        return 0;
    }
    mark(0, m_n, Token::String);
    return makeState(InHeredoc, indented ? 1 : 0, key);
}

// Rust: 'a' and '\n' are chars, 'a alone is a lifetime.
void LineScanner::rustQuote(qsizetype spanStart, qsizetype quote)
{
    qsizetype end = -1;
    if (at(quote + 1) == u'\\') {
        const qsizetype close = find(quote + 2, u'\'');
        if (close > 0 && close - quote <= 12)
            end = close + 1;
    } else if (at(quote + 1) && at(quote + 2) == u'\'') {
        end = quote + 3;
    } else if (QChar::isHighSurrogate(at(quote + 1)) && at(quote + 3) == u'\'') {
        end = quote + 4;
    }
    if (end > 0) {
        mark(spanStart, end, Token::String);
        m_pos = end;
        return;
    }
    qsizetype j = quote + 1;
    if (isWordStart(j)) {
        while (isWordChar(j))
            ++j;
        mark(quote, j, Token::Keyword);
    }
    m_pos = j;
}

// Tokens that belong to one language or a few.
bool LineScanner::specialAt()
{
    const char16_t c = m_s[m_pos];
    if (m_flags & RustSyntax) {
        if (c == u'\'') {
            rustQuote(m_pos, m_pos);
            return true;
        }
        if (c == u'#'
            && (at(m_pos + 1) == u'[' || (at(m_pos + 1) == u'!' && at(m_pos + 2) == u'['))) {
            int depth = 0;
            qsizetype i = m_pos + 1;
            for (; i < m_n; ++i) {
                if (m_s[i] == u'[') {
                    ++depth;
                } else if (m_s[i] == u']' && --depth == 0) {
                    ++i;
                    break;
                }
            }
            mark(m_pos, i, Token::Preprocessor);
            m_pos = i;
            return true;
        }
    }
    if ((m_flags & HexColors) && c == u'#') {
        qsizetype j = m_pos + 1;
        while (isHexDigit(at(j)))
            ++j;
        const qsizetype digits = j - m_pos - 1;
        if ((digits == 3 || digits == 4 || digits == 6 || digits == 8) && !isWordChar(j)) {
            mark(m_pos, j, Token::Number);
            m_pos = j;
            return true;
        }
    }
    if ((m_flags & Heredocs) && c == u'<' && at(m_pos + 1) == u'<' && at(m_pos + 2) != u'<') {
        qsizetype q = m_pos + 2;
        const bool indented = at(q) == u'-' || at(q) == u'~';
        if (indented)
            ++q;
        q = skipSpaces(q);
        const char16_t quote = (at(q) == u'\'' || at(q) == u'"') ? at(q) : u'\0';
        if (quote)
            ++q;
        if (!isWordStart(q)) // $((1 << 2))
            return false;
        qsizetype k = q;
        while (isWordChar(k))
            ++k;
        const int key = delimiterKey(QStringView(m_s + q, k - q));
        if (quote && at(k) == quote)
            ++k;
        mark(m_pos, k, Token::Keyword);
        m_pos = k;
        m_heredoc = key;
        m_heredocIndented = indented;
        return true;
    }
    return false;
}

// $variable, ${variable}, $(VAR) in a Makefile, @decorator.name, &anchor, :symbol.
bool LineScanner::sigilAt()
{
    const char16_t c = m_s[m_pos];
    const bool variable = m_lang.variableSigils.contains(c);
    if (!variable && !m_lang.annotationSigils.contains(c))
        return false;
    if (c != u'$' && (isWordChar(m_pos - 1) || at(m_pos - 1) == c)) // user@example.com, a::b
        return false;
    qsizetype j = m_pos + 1;
    if (c != u'$' && c != u':' && at(j) == c) // !!str, @@count
        ++j;
    if (c == u'$' && at(j) == u'{') {
        const qsizetype close = find(j + 1, u'}');
        j = close > 0 ? close + 1 : m_n;
    } else if (c == u'$' && at(j) == u'(' && (m_flags & MakeSyntax)) {
        const qsizetype close = find(j + 1, u')');
        j = close > 0 ? close + 1 : m_n;
    } else if (isWordStart(j)) {
        for (;;) {
            while (isWordChar(j))
                ++j;
            if (c == u'@' && at(j) == u'.' && isWordStart(j + 1)) // @app.route
                ++j;
            else
                break;
        }
    } else if (c == u'$' && (isDigit(at(j)) || QStringView(u"@#?*!$-<^").contains(at(j)))) {
        ++j; // $1, $@, $?, and in a Makefile $< and $^
    } else {
        return false;
    }
    mark(m_pos, j, variable ? Token::Type : Token::Preprocessor);
    m_pos = j;
    m_afterDeclaration = false;
    return true;
}

bool LineScanner::wordAt()
{
    const qsizetype start = m_pos;
    qsizetype j = start;
    if ((m_flags & DashWordStart) && at(j) == u'-' && !isWordChar(j - 1)) {
        const qsizetype k = at(j + 1) == u'-' ? j + 2 : j + 1; // -eq, --custom-property
        if (!isWordStart(k))
            return false;
        j = k;
    } else if (!isWordStart(j)) {
        return false;
    }
    while (isWordChar(j))
        ++j;
    if ((m_flags & WordSuffixes) && (at(j) == u'?' || at(j) == u'!') && at(j + 1) != u'=')
        ++j;
    const QStringView word(m_s + start, j - start);
    m_pos = j;

    const char16_t next = at(j);
    std::array<char16_t, 32> buffer {};
    if (next == u'"' || next == u'\'' || next == u'#' || next == u'`') {
        const QStringView prefix = lowered(word, buffer);
        const bool rawPrefix = prefix.endsWith(u'r')
            && (prefix.size() == 1 || m_lang.stringPrefixes.contains(prefix.chopped(1)));
        if ((m_flags & CppRawStrings) && next == u'"' && rawPrefix) {
            qsizetype paren = j + 1;
            while (paren < m_n && paren - j <= 17 && m_s[paren] != u'(' && m_s[paren] != u')'
                && m_s[paren] != u'\\' && !isSpace(m_s[paren]))
                ++paren;
            if (at(paren) == u'(') {
                m_open = cppRaw(
                    start, paren + 1, delimiterKey(QStringView(m_s + j + 1, paren - j - 1)));
                return true;
            }
        }
        if ((m_flags & RustSyntax)
            && (prefix == QStringView(u"r") || prefix == QStringView(u"br"))) {
            qsizetype q = j;
            while (at(q) == u'#')
                ++q;
            if (at(q) == u'"') {
                m_open = rustRaw(start, q + 1, int(q - j));
                return true;
            }
        }
        if ((m_flags & RustSyntax) && prefix == QStringView(u"b") && next == u'\'') {
            rustQuote(start, j);
            return true;
        }
        if (m_lang.stringPrefixes.contains(prefix)) {
            const int rule = ruleAt(j, true);
            if (rule >= 0) {
                openString(
                    rule, start, j + QStringView(m_lang.spec->strings.rules[rule].open).size());
                return true;
            }
        }
    }

    const QStringView key = (m_flags & CaseInsensitive) ? lowered(word, buffer) : word;
    const bool member = at(start - 1) == u'.'; // obj.default, x.type: names, not keywords
    const bool keyword = !member && m_lang.keywords.contains(key);
    const bool macro = (m_flags & RustSyntax) && next == u'!'
        && (at(j + 1) == u'(' || at(j + 1) == u'[' || at(j + 1) == u'{');
    if (macro)
        m_pos = j + 1; // println!
    const Token token = keyword ? Token::Keyword : nameToken(word, key, member, macro);
    m_afterDeclaration = keyword && m_lang.declarations.contains(key);
    mark(start, m_pos, token);
    return true;
}

// What a word that is no keyword names, by what it is or what follows it.
Token LineScanner::nameToken(QStringView word, QStringView key, bool member, bool macro) const
{
    const qsizetype end = m_pos - (macro ? 1 : 0);
    const char16_t next = at(end);
    if (m_afterDeclaration || (!member && m_lang.types.contains(key)))
        return Token::Type;
    const bool cmdlet = (m_flags & DashInWords) && word.contains(u'-') && word.front().isUpper();
    if (macro || ((m_flags & FunctionCalls) && (next == u'(' || cmdlet))) // Get-ChildItem
        return Token::Function;
    const bool property = (m_flags & ColonKeys) && next == u':' && isSpaceOrEnd(end + 1);
    const bool capitalized = (m_flags & CapitalizedTypes) && word.front().isUpper()
        && std::any_of(word.begin(), word.end(), [](QChar ch) { return ch.isLower(); });
    return property || capitalized ? Token::Type : Token::Plain; // color: red; Foo
}

bool LineScanner::numberAt()
{
    const char16_t c = m_s[m_pos];
    if (!isDigit(c) && !(c == u'.' && isDigit(at(m_pos + 1))))
        return false;
    qsizetype j = m_pos;
    const bool hex = c == u'0' && (at(j + 1) | 0x20) == u'x';
    if (hex)
        j += 2;
    while (j < m_n) {
        const char16_t d = m_s[j];
        const char16_t lower = d | 0x20;
        if ((hex ? lower == u'p' : lower == u'e') && (at(j + 1) == u'+' || at(j + 1) == u'-')
            && isDigit(at(j + 2))) {
            j += 3; // 1e-9, 0x1p+3
            continue;
        }
        const bool part = isAsciiLetter(d) || isDigit(d) || d == u'_'
            || (d == u'.' && !hex && at(j + 1) != u'.' && !isWordStart(j + 1)) // not 1..2, 3.times
            || (d == u'\'' && (m_flags & QuoteDigitSeparators) && isHexDigit(at(j + 1))); // 1'000
        if (!part)
            break;
        ++j;
    }
    mark(m_pos, j, Token::Number);
    m_pos = j;
    m_afterDeclaration = false;
    return true;
}

// XML, HTML, SVG and Vue templates: tags, attributes, comments, CDATA and entities. A tag's
// attributes may span lines.
int LineScanner::scanMarkup(int state)
{
    switch (openOf(state)) {
    case InBlockComment:
        if (!until(0, 0, u"-->", Token::Comment))
            return state;
        break;
    case InString: // CDATA
        if (!until(0, 0, u"]]>", Token::String))
            return state;
        break;
    case InTagString: {
        const qsizetype close = find(0, indexOf(state) ? u'\'' : u'"');
        if (close < 0) {
            mark(0, m_n, Token::String);
            return state;
        }
        mark(0, close + 1, Token::String);
        m_pos = close + 1;
        if (const int open = tagBody())
            return open;
        break;
    }
    case InTag:
        if (const int open = tagBody())
            return open;
        break;
    default:
        break;
    }
    while (m_pos < m_n) {
        const char16_t c = m_s[m_pos];
        if (c == u'<') {
            if (matches(m_pos, u"<!--")) {
                if (!until(m_pos, m_pos + 4, u"-->", Token::Comment))
                    return makeState(InBlockComment);
                continue;
            }
            if (matches(m_pos, u"<![CDATA[")) {
                if (!until(m_pos, m_pos + 9, u"]]>", Token::String))
                    return makeState(InString);
                continue;
            }
            if (at(m_pos + 1) == u'?' || at(m_pos + 1) == u'!') { // <?xml …?>, <!DOCTYPE …>
                const qsizetype close = find(m_pos + 2, u'>');
                const qsizetype end = close > 0 ? close + 1 : m_n;
                mark(m_pos, end, Token::Preprocessor);
                m_pos = end;
                continue;
            }
            qsizetype j = m_pos + 1;
            if (at(j) == u'/')
                ++j;
            if (isAsciiLetter(at(j)) || at(j) == u'_') {
                while (j < m_n && !isSpace(m_s[j]) && m_s[j] != u'>' && m_s[j] != u'/')
                    ++j;
                mark(m_pos, j, Token::Keyword);
                m_pos = j;
                if (const int open = tagBody())
                    return open;
                continue;
            }
        } else if (c == u'&') { // &amp; &#160;
            qsizetype j = m_pos + 1;
            if (at(j) == u'#')
                ++j;
            while (isAsciiLetter(at(j)) || isDigit(at(j)))
                ++j;
            if (at(j) == u';' && j > m_pos + 1) {
                mark(m_pos, j + 1, Token::Number);
                m_pos = j + 1;
                continue;
            }
        }
        ++m_pos;
    }
    return 0;
}

// Inside a tag, after its name: attributes up to '>'. Returns the state when the tag goes on
// past the end of the line.
int LineScanner::tagBody()
{
    while (m_pos < m_n) {
        const char16_t c = m_s[m_pos];
        if (isSpace(c) || c == u'=') {
            ++m_pos;
        } else if (c == u'>' || (c == u'/' && at(m_pos + 1) == u'>')) {
            const qsizetype end = m_pos + (c == u'>' ? 1 : 2);
            mark(m_pos, end, Token::Keyword);
            m_pos = end;
            return 0;
        } else if (c == u'"' || c == u'\'') {
            const qsizetype close = find(m_pos + 1, c);
            if (close < 0) {
                mark(m_pos, m_n, Token::String);
                m_pos = m_n;
                return makeState(InTagString, c == u'\'' ? 1 : 0);
            }
            mark(m_pos, close + 1, Token::String);
            m_pos = close + 1;
        } else {
            qsizetype j = m_pos + 1;
            while (j < m_n && !isSpace(m_s[j]) && m_s[j] != u'=' && m_s[j] != u'>' && m_s[j] != u'"'
                && m_s[j] != u'\'' && !(m_s[j] == u'/' && at(j + 1) == u'>'))
                ++j;
            mark(m_pos, j, Token::Type);
            m_pos = j;
        }
    }
    return makeState(InTag);
}

// Markdown shown as code: headings, fences, quotes, list markers, code spans, link targets and
// HTML comments. The lines of a nested fence stay plain.
int LineScanner::scanMarkdown(int state)
{
    qsizetype i = skipSpaces(0);
    if (openOf(state) == InFence) {
        const char16_t fence = indexOf(state) ? u'~' : u'`';
        qsizetype k = i;
        while (at(k) == fence)
            ++k;
        if (k - i >= extraOf(state) && skipSpaces(k) == m_n) {
            mark(i, k, Token::Preprocessor);
            return 0;
        }
        return state;
    }
    if (openOf(state) == InBlockComment) {
        if (!until(0, 0, u"-->", Token::Comment))
            return state;
    } else {
        const char16_t c = at(i);
        qsizetype k = i;
        while (k < m_n && m_s[k] == c)
            ++k;
        const qsizetype run = k - i;
        if ((c == u'`' || c == u'~') && run >= 3) {
            mark(i, m_n, Token::Preprocessor);
            return makeState(InFence, c == u'~' ? 1 : 0, int(run));
        }
        if (c == u'#' && run <= 6 && (k == m_n || isSpace(at(k)))) {
            mark(i, m_n, Token::Keyword);
            return 0;
        }
        if (c == u'>') {
            mark(i, m_n, Token::Comment);
            return 0;
        }
        if ((c == u'-' || c == u'*' || c == u'_') && run >= 3 && skipSpaces(k) == m_n) {
            mark(i, m_n, Token::Keyword); // a thematic break
            return 0;
        }
        if ((c == u'-' || c == u'*' || c == u'+') && isSpace(at(i + 1))) {
            mark(i, i + 1, Token::Keyword);
            i += 1;
        } else if (isDigit(c)) {
            k = i;
            while (isDigit(at(k)))
                ++k;
            if ((at(k) == u'.' || at(k) == u')') && isSpace(at(k + 1))) {
                mark(i, k + 1, Token::Keyword);
                i = k + 1;
            }
        }
        m_pos = i;
    }
    while (m_pos < m_n) {
        const char16_t c = m_s[m_pos];
        if (c == u'\\') {
            m_pos += 2;
        } else if (c == u'`') {
            qsizetype k = m_pos;
            while (at(k) == u'`')
                ++k;
            const qsizetype run = k - m_pos;
            qsizetype close = -1;
            for (qsizetype j = k; j < m_n;) {
                qsizetype e = j;
                while (at(e) == u'`')
                    ++e;
                if (e - j == run) {
                    close = e;
                    break;
                }
                j = e > j ? e : j + 1;
            }
            if (close > 0) {
                mark(m_pos, close, Token::String);
                m_pos = close;
            } else {
                m_pos = k;
            }
        } else if (c == u'<' && matches(m_pos, u"<!--")) {
            if (!until(m_pos, m_pos + 4, u"-->", Token::Comment))
                return makeState(InBlockComment);
        } else if (c == u']' && at(m_pos + 1) == u'(') { // [text](target)
            const qsizetype close = find(m_pos + 2, u')');
            if (close > 0) {
                mark(m_pos + 1, close + 1, Token::String);
                m_pos = close + 1;
            } else {
                m_pos += 2;
            }
        } else {
            ++m_pos;
        }
    }
    return 0;
}

int LineScanner::scanDiff()
{
    const char16_t c = at(0);
    Token token = Token::Plain;
    if (matches(0, u"@@"))
        token = Token::Hunk;
    else if (matches(0, u"+++ ") || matches(0, u"--- ") || matches(0, u"diff ")
        || matches(0, u"index "))
        token = Token::Preprocessor;
    else if (c == u'+' || c == u'>')
        token = Token::Added;
    else if (c == u'-' || c == u'<')
        token = Token::Removed;
    else if (c == u'\\') // \ No newline at end of file
        token = Token::Comment;
    mark(0, m_n, token);
    return 0;
}

} // namespace

// GitHub's colours, in the order of Palette's members: keyword, type, string, number, comment,
// function, preprocessor, added, removed, hunk.
CodeHighlighter::Palette CodeHighlighter::Palette::light()
{
    return { QColor(0xcf, 0x22, 0x2e), QColor(0x0b, 0x72, 0x85), QColor(0x0a, 0x30, 0x69),
        QColor(0x05, 0x50, 0xae), QColor(0x6e, 0x77, 0x81), QColor(0x82, 0x50, 0xdf),
        QColor(0x95, 0x38, 0x00), QColor(0x11, 0x63, 0x29), QColor(0x82, 0x07, 0x1e),
        QColor(0x66, 0x39, 0xba) };
}

CodeHighlighter::Palette CodeHighlighter::Palette::dark()
{
    return { QColor(0xff, 0x7b, 0x72), QColor(0x39, 0xc5, 0xcf), QColor(0xa5, 0xd6, 0xff),
        QColor(0x79, 0xc0, 0xff), QColor(0x8b, 0x94, 0x9e), QColor(0xd2, 0xa8, 0xff),
        QColor(0xff, 0xa6, 0x57), QColor(0x7e, 0xe7, 0x87), QColor(0xff, 0xa1, 0x98),
        QColor(0xbc, 0x8c, 0xff) };
}

CodeHighlighter::CodeHighlighter(QTextDocument *document, ColorScheme scheme)
    : QSyntaxHighlighter(document)
    , m_scheme(scheme)
{
    updateFormats();
    // Now rather than in Qt's deferred pass, which would not suspend the layout.
    highlightAll();
}

void CodeHighlighter::setDark(bool dark)
{
    const ColorScheme scheme = dark ? ColorScheme::Dark : ColorScheme::Light;
    if (scheme == m_scheme)
        return;
    m_scheme = scheme;
    updateFormats();
    highlightAll();
}

void CodeHighlighter::highlightAll()
{
    QTextDocument *doc = document();
    if (!doc)
        return;
    const bool layoutEnabled = doc->isLayoutEnabled();
    doc->setLayoutEnabled(false);
    rehighlight();
    doc->setLayoutEnabled(layoutEnabled); // one layout for the whole pass
}

bool CodeHighlighter::isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
}

QString CodeHighlighter::displayName(const QString &infoString)
{
    const Alias *alias = findAlias(infoString);
    if (!alias)
        return languageWord(infoString).toString();
    return alias->label.toString();
}

void CodeHighlighter::updateFormats()
{
    const Palette p = isDark() ? Palette::dark() : Palette::light();
    const QColor colors[] = { QColor(), p.keyword, p.type, p.string, p.number, p.comment,
        p.function, p.preprocessor, p.added, p.removed, p.hunk };
    static_assert(std::size(colors) == size_t(Token::Count));
    static_assert(std::tuple_size<decltype(m_formats)>::value == size_t(Token::Count));
    for (size_t t = 1; t < m_formats.size(); ++t) {
        QTextCharFormat format;
        format.setForeground(colors[t]);
        if (Token(t) == Token::Comment)
            format.setFontItalic(true);
        m_formats[t] = format;
    }
}

int CodeHighlighter::languageFor(const QString &infoString)
{
    if (infoString != m_cachedInfo) {
        const Alias *alias = findAlias(infoString);
        m_cachedInfo = infoString;
        m_cachedLanguage = alias ? int(alias->language) : -1;
    }
    return m_cachedLanguage;
}

void CodeHighlighter::highlightBlock(const QString &text)
{
    // This runs for every block of every reply: leave anything but code at once.
    const QTextBlock block = currentBlock();
    const QTextBlockFormat format = block.blockFormat();
    if (!format.hasProperty(QTextFormat::BlockCodeFence)
        && !format.hasProperty(QTextFormat::BlockCodeLanguage))
        return;
    const int language = languageFor(format.stringProperty(QTextFormat::BlockCodeLanguage));
    if (language < 0) {
        setCurrentBlockState(-1);
        return;
    }

    // A comment or string left open goes on only from a line of the same block. Adjacent code
    // blocks differ in format: in language, or in the block number StreamingMarkdown gives them
    // (Qt's importer gives two adjacent blocks of one language the same format).
    int state = previousBlockState();
    if (state < 0 || (state > 0 && block.previous().blockFormatIndex() != block.blockFormatIndex()))
        state = 0;

    Spans spans;
    const int end = LineScanner(registry().languages[size_t(language)], text, spans).scan(state);
    for (const Span &span : spans)
        setFormat(span.start, span.length, m_formats[size_t(span.token)]);
    setCurrentBlockState(end);
}
