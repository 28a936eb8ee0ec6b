#include "parameters.h"

#include <QJsonArray>
#include <QtTest>

using namespace Qt::StringLiterals;

class TstParameters : public QObject
{
    Q_OBJECT

private slots:
    void conversationOverridesTheProviderAndNullUnsets();
    void valuesAreCheckedAgainstTheirField();
    void jsonErrorsNameTheirPlace();
};

void TstParameters::conversationOverridesTheProviderAndNullUnsets()
{
    const QJsonObject provider { { u"temperature"_s, 0.2 }, { u"top_p"_s, 0.9 },
        { u"max_tokens"_s, 512 } };
    const QJsonObject conversation { { u"temperature"_s, 1.1 }, { u"top_p"_s, QJsonValue() },
        { u"seed"_s, 7 } };
    const QJsonObject sent = Parameters::effective(provider, conversation);
    QCOMPARE(sent.value(u"temperature"_s).toDouble(), 1.1); // set here
    QVERIFY(!sent.contains(u"top_p"_s)); // unset here, whatever the provider says
    QCOMPARE(sent.value(u"max_tokens"_s).toInt(), 512); // inherited
    QCOMPARE(sent.value(u"seed"_s).toInt(), 7);
    QCOMPARE(sent.size(), 3);
    QVERIFY(Parameters::effective({}, {}).isEmpty());
}

void TstParameters::valuesAreCheckedAgainstTheirField()
{
    QVERIFY(Parameters::check(u"temperature"_s, 2.0).isEmpty());
    QVERIFY(!Parameters::check(u"temperature"_s, 2.5).isEmpty());
    QVERIFY(!Parameters::check(u"top_p"_s, -0.1).isEmpty());
    QVERIFY(Parameters::check(u"presence_penalty"_s, -2.0).isEmpty());
    QVERIFY(!Parameters::check(u"frequency_penalty"_s, 2.1).isEmpty());
    QVERIFY(!Parameters::check(u"max_tokens"_s, 1.5).isEmpty());
    QVERIFY(!Parameters::check(u"n"_s, 9).isEmpty());
    QVERIFY(!Parameters::check(u"stop"_s, QJsonArray { u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s })
                 .isEmpty());
    QVERIFY(Parameters::check(u"stop"_s, QJsonArray { u"\n\n"_s }).isEmpty());
    QVERIFY(!Parameters::check(u"reasoning_effort"_s, u"extreme"_s).isEmpty());
    QVERIFY(Parameters::check(u"reasoning_effort"_s, u"high"_s).isEmpty());
    QVERIFY(!Parameters::check(u"logit_bias"_s, u"x"_s).isEmpty());
    QVERIFY(Parameters::check(u"some_gateway_field"_s, u"anything"_s).isEmpty());
    const QJsonObject schema { { u"type"_s, u"json_schema"_s },
        { u"json_schema"_s,
            QJsonObject { { u"name"_s, u"answer"_s },
                { u"schema"_s, QJsonObject { { u"type"_s, u"object"_s } } } } } };
    QVERIFY(Parameters::check(u"response_format"_s, schema).isEmpty());
    QVERIFY(Parameters::check(u"response_format"_s, QJsonObject { { u"type"_s, u"json_object"_s } })
                .isEmpty());
    QVERIFY(!Parameters::check(u"response_format"_s, QJsonObject { { u"type"_s, u"yaml"_s } })
                 .isEmpty());
    QJsonObject unnamed = schema;
    unnamed[u"json_schema"_s] = QJsonObject { { u"schema"_s, QJsonObject {} } };
    QVERIFY(Parameters::check(u"response_format"_s, unnamed).contains(u"name"_s));
    QVERIFY(Parameters::check(u"temperature"_s, QJsonValue()).isEmpty()); // unset
    for (const Parameters::Field &f : Parameters::fields()) {
        QVERIFY(f.label);
        QVERIFY(f.help); // every field says what it means
    }
}

void TstParameters::jsonErrorsNameTheirPlace()
{
    const Parameters::ParsedObject good = Parameters::parseObject(u"{\"a\": 1}"_s);
    QVERIFY(good.error.isEmpty());
    QCOMPARE(good.object.value(u"a"_s).toInt(), 1);
    const Parameters::ParsedObject bad = Parameters::parseObject(u"{\n  \"a\": 1,\n  \"b\": }"_s);
    QVERIFY2(bad.error.startsWith(u"Line 3, column"_s), qPrintable(bad.error));
    QVERIFY(!Parameters::parseObject(u"[1, 2]"_s).error.isEmpty());
    QVERIFY(Parameters::parseObject(u"  "_s).error.isEmpty());
}

QTEST_GUILESS_MAIN(TstParameters)
#include "tst_parameters.moc"
