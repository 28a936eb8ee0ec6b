#include "apierror.h"
#include "translations.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations;
    QString type;
};

QList<Message> readTs(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<Message> out;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1StringView("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1StringView("message")) {
            current = Message { context, {}, {}, {} };
        } else if (xml.name() == QLatin1StringView("source")) {
            current.source = xml.readElementText();
        } else if (xml.name() == QLatin1StringView("translation")) {
            current.type = xml.attributes().value(QLatin1StringView("type")).toString();
            if (xml.readNext() == QXmlStreamReader::Characters && !xml.isWhitespace()) {
                current.translations << xml.text().toString();
                out << current;
                continue;
            }
            // Plural forms come as <numerusform> children.
            while (!(xml.isEndElement() && xml.name() == QLatin1StringView("translation"))
                && !xml.atEnd()) {
                if (xml.isStartElement() && xml.name() == QLatin1StringView("numerusform"))
                    current.translations << xml.readElementText();
                xml.readNext();
            }
            out << current;
        }
    }
    return out;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d|n)"));
    QStringList found;
    for (const auto &m : re.globalMatch(text))
        found << m.captured(0);
    found.sort();
    found.removeDuplicates();
    return found;
}

} // namespace

class TstTranslations : public QObject
{
    Q_OBJECT

private slots:
    void chineseIsComplete();
    void tsFilesMatchTheSources();
    void englishPluralsWithoutATranslation();
    void chineseIsLoadedFromResources();
};

void TstTranslations::chineseIsComplete()
{
    const QList<Message> messages = readTs(QStringLiteral(CONFAB_TS_DIR "/confab_zh_CN.ts"));
    QVERIFY(messages.size() > 100);
    for (const Message &m : messages) {
        const QString where = m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(
            m.type.isEmpty(), qPrintable(QStringLiteral("%1 translation: ").arg(m.type) + where));
        QVERIFY2(!m.translations.isEmpty(), qPrintable(where));
        for (const QString &t : m.translations) {
            QVERIFY2(!t.trimmed().isEmpty(), qPrintable(where));
            QCOMPARE(placeholders(t), placeholders(m.source));
        }
    }
}

// lupdate over today's sources must find exactly the strings the committed .ts files hold:
// a new tr() without a translation, or a translation of a string that is gone, fails here.
void TstTranslations::tsFilesMatchTheSources()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fresh = dir.filePath(QStringLiteral("fresh.ts"));
    QProcess lupdate;
    lupdate.start(QStringLiteral(CONFAB_LUPDATE),
        { QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
            QStringLiteral(CONFAB_SOURCE_DIR "/src"), QStringLiteral(CONFAB_SOURCE_DIR "/ui"),
            QStringLiteral("-ts"), fresh });
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitCode(), 0);

    auto keys = [](const QList<Message> &messages) {
        QStringList k;
        for (const Message &m : messages)
            k << m.context + u'\x1f' + m.source;
        k.sort();
        return k;
    };
    const QStringList wanted = keys(readTs(fresh));
    QVERIFY(!wanted.isEmpty());
    for (const char *file : { "confab_zh_CN.ts", "confab_en.ts" }) {
        const QStringList have
            = keys(readTs(QStringLiteral(CONFAB_TS_DIR "/") + QLatin1StringView(file)));
        for (const QString &k : wanted)
            QVERIFY2(have.contains(k),
                qPrintable(QStringLiteral(
                    "%1 lacks: %2 (run: cmake --build build --target update_translations)")
                               .arg(QLatin1StringView(file), QString(k).replace(u'\x1f', u'|'))));
        for (const QString &k : have)
            QVERIFY2(wanted.contains(k),
                qPrintable(QStringLiteral("%1 holds a string no source uses: %2")
                               .arg(QLatin1StringView(file), QString(k).replace(u'\x1f', u'|'))));
    }
}

void TstTranslations::englishPluralsWithoutATranslation()
{
    QVERIFY(!Translations::install(*QCoreApplication::instance(), QLocale::c()));
    QCOMPARE(QCoreApplication::translate(
                 "ComposerImages", "A question can carry at most %n image(s).", nullptr, 1),
        u"A question can carry at most 1 image."_qs);
    QCOMPARE(QCoreApplication::translate(
                 "ComposerImages", "A question can carry at most %n image(s).", nullptr, 10),
        u"A question can carry at most 10 images."_qs);
}

void TstTranslations::chineseIsLoadedFromResources()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/confab_zh_CN.qm")));
    QVERIFY(Translations::install(
        *QCoreApplication::instance(), QLocale(QLocale::Chinese, QLocale::China)));
    const ApiError error = ApiError::fromHttpResponse(401, R"({"error":{"message":"bad key"}})");
    QVERIFY2(error.summary().contains(QStringLiteral("密钥")), qPrintable(error.summary()));
    QVERIFY(error.message().startsWith(QStringLiteral("bad key（")));
    QCOMPARE(ApiError::cancelled().message(), QStringLiteral("已停止"));
    // Qt's own words too (qt6-translations-l10n): the buttons of every dialog.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
}

QTEST_GUILESS_MAIN(TstTranslations)
#include "tst_translations.moc"
