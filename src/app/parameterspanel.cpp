#include "parameterspanel.h"

#include "ui_parameterspanel.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace

ParametersPanel::ParametersPanel(QWidget *parent)
    : QWidget(parent)
    , ui(std::make_unique<Ui::ParametersPanel>())
{
    ui->setupUi(this);
    m_announce.setSingleShot(true);
    m_announce.setInterval(400);
    connect(&m_announce, &QTimer::timeout, this, [this] {
        if (errorText().isEmpty())
            emit parametersChanged(values());
    });

    using K = Parameters::Kind;
    int line = 0;
    for (const Parameters::Field &f : Parameters::fields()) {
        const QString help = QCoreApplication::translate("Parameters", f.help);
        auto *label
            = new QLabel(QCoreApplication::translate("Parameters", f.label), ui->fieldsHost);
        label->setToolTip(help);
        auto *mode = new QComboBox(ui->fieldsHost);
        mode->addItem(tr("Default"), int(Mode::Default));
        mode->addItem(tr("Set"), int(Mode::Set));
        mode->addItem(tr("Not sent"), int(Mode::Off));
        mode->setToolTip(tr("Default: the provider's value, if it has one. Set: this "
                            "conversation's. Not sent: the server decides."));
        QWidget *editor = nullptr;
        switch (f.kind) {
        case K::Number: {
            auto *box = new QDoubleSpinBox(ui->fieldsHost);
            box->setRange(f.minimum, f.maximum);
            box->setDecimals(2);
            box->setSingleStep(f.maximum <= 1 ? 0.05 : 0.1);
            connect(box, &QDoubleSpinBox::valueChanged, this, &ParametersPanel::edited);
            editor = box;
            break;
        }
        case K::Integer:
            if (f.maximum <= 2147483647.0) {
                auto *box = new QSpinBox(ui->fieldsHost);
                box->setRange(int(f.minimum), int(f.maximum));
                connect(box, &QSpinBox::valueChanged, this, &ParametersPanel::edited);
                editor = box;
            } else {
                auto *edit = new QLineEdit(ui->fieldsHost);
                edit->setValidator(new QRegularExpressionValidator(
                    QRegularExpression(QStringLiteral("-?\\d{1,16}")), edit));
                connect(edit, &QLineEdit::textChanged, this, &ParametersPanel::edited);
                editor = edit;
            }
            break;
        case K::Boolean: {
            auto *box = new QComboBox(ui->fieldsHost);
            box->addItem(tr("On"), true);
            box->addItem(tr("Off"), false);
            connect(box, &QComboBox::currentIndexChanged, this, &ParametersPanel::edited);
            editor = box;
            break;
        }
        case K::Choice: {
            auto *box = new QComboBox(ui->fieldsHost);
            for (const QString &choice : f.choices)
                box->addItem(choice, choice);
            connect(box, &QComboBox::currentIndexChanged, this, &ParametersPanel::edited);
            editor = box;
            break;
        }
        case K::Text: {
            auto *edit = new QLineEdit(ui->fieldsHost);
            connect(edit, &QLineEdit::textChanged, this, &ParametersPanel::edited);
            editor = edit;
            break;
        }
        case K::TextList:
        case K::JsonObject: {
            auto *edit = new QPlainTextEdit(ui->fieldsHost);
            edit->setMaximumHeight(60);
            edit->setTabChangesFocus(true);
            if (f.kind == K::TextList)
                edit->setPlaceholderText(tr("One per line"));
            connect(edit, &QPlainTextEdit::textChanged, this, &ParametersPanel::edited);
            editor = edit;
            break;
        }
        }
        editor->setToolTip(help);
        // The name and its state on one line, the value under them at the panel's width.
        ui->fieldsLayout->addWidget(label, line, 0);
        ui->fieldsLayout->addWidget(mode, line, 1);
        ui->fieldsLayout->addWidget(editor, line + 1, 0, 1, 2);
        ui->fieldsLayout->setRowMinimumHeight(line + 2, 6);
        line += 3;
        const Row row { &f, mode, editor };
        m_rows.append(row);
        connect(mode, &QComboBox::currentIndexChanged, this, [this, row] {
            updateRow(row);
            edited();
        });
    }
    ui->fieldsLayout->setColumnStretch(0, 1);
    ui->fieldsLayout->setRowStretch(line, 1);

    connect(ui->extraEdit, &QPlainTextEdit::textChanged, this, &ParametersPanel::edited);
    m_announcePrompt.setSingleShot(true);
    m_announcePrompt.setInterval(400);
    connect(&m_announcePrompt, &QTimer::timeout, this,
        [this] { emit systemPromptChanged(ui->systemPromptEdit->toPlainText()); });
    connect(ui->systemPromptEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_loading)
            m_announcePrompt.start();
    });
    // Without keyboard tracking, typing "12" announces 12, not 1 and then 12.
    // 0 shows "All", which the conversation keeps as -1.
    connect(ui->imageTurnsBox, &QSpinBox::valueChanged, this, [this](int turns) {
        if (!m_loading)
            emit imageTurnsChanged(turns > 0 ? turns : -1);
    });
    connect(ui->resetButton, &QPushButton::clicked, this, [this] {
        for (const Row &row : std::as_const(m_rows))
            row.mode->setCurrentIndex(row.mode->findData(int(Mode::Default)));
        ui->extraEdit->clear();
    });
    connect(ui->previewButton, &QPushButton::clicked, this, &ParametersPanel::previewRequested);
    setPresets({});
}

void ParametersPanel::setPresets(const QList<ParameterPreset> &presets)
{
    m_presets = presets;
    auto *menu = new QMenu(ui->presetsButton);
    for (const ParameterPreset &preset : presets)
        menu->addAction(preset.name, this, [this, preset] { applyPreset(preset); });
    if (!presets.isEmpty())
        menu->addSeparator();
    menu->addAction(tr("Save as Preset…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save as Preset"),
            tr("Name of the preset:"), QLineEdit::Normal, QString(), &ok)
                                 .trimmed();
        if (!ok || name.isEmpty())
            return;
        ParameterPreset preset { name, values(), true, systemPrompt() };
        emit presetSaved(preset);
    });
    menu->addAction(tr("Make These the Provider's Defaults"), this, [this] {
        QJsonObject defaults = values();
        for (auto it = defaults.begin(); it != defaults.end();)
            it = it.value().isNull() ? defaults.erase(it) : std::next(it);
        emit providerDefaultsRequested(defaults);
    });
    delete ui->presetsButton->menu();
    ui->presetsButton->setMenu(menu);
}

void ParametersPanel::applyPreset(const ParameterPreset &preset)
{
    setValues(preset.parameters, m_defaults,
        preset.setsSystemPrompt ? preset.systemPrompt : systemPrompt());
    emit parametersChanged(values());
    if (preset.setsSystemPrompt)
        emit systemPromptChanged(preset.systemPrompt);
}

QString ParametersPanel::systemPrompt() const
{
    return ui->systemPromptEdit->toPlainText();
}

void ParametersPanel::setImageTurns(int turns)
{
    const bool loading = std::exchange(m_loading, true);
    ui->imageTurnsBox->setValue(std::max(0, turns));
    m_loading = loading;
}

int ParametersPanel::imageTurns() const
{
    return ui->imageTurnsBox->value() > 0 ? ui->imageTurnsBox->value() : -1;
}

ParametersPanel::~ParametersPanel() = default;

void ParametersPanel::setValues(const QJsonObject &conversation,
    const QJsonObject &providerDefaults, const QString &systemPrompt)
{
    flush(); // an edit still waiting belongs to the conversation shown until now
    m_loading = true;
    m_announce.stop();
    m_announcePrompt.stop();
    m_defaults = providerDefaults;
    QJsonObject extra = conversation;
    for (const Row &row : std::as_const(m_rows)) {
        const QString key = QLatin1StringView(row.field->key);
        extra.remove(key);
        Mode mode = Mode::Default;
        if (conversation.contains(key))
            mode = conversation.value(key).isNull() ? Mode::Off : Mode::Set;
        row.mode->setCurrentIndex(row.mode->findData(int(mode)));
        setEditorValue(
            row, mode == Mode::Set ? conversation.value(key) : providerDefaults.value(key));
        updateRow(row);
    }
    ui->extraEdit->setPlainText(extra.isEmpty() ? QString() : compact(extra));
    if (ui->systemPromptEdit->toPlainText() != systemPrompt)
        ui->systemPromptEdit->setPlainText(systemPrompt);
    ui->errorLabel->clear();
    m_loading = false;
}

void ParametersPanel::updateRow(const Row &row)
{
    const auto mode = Mode(row.mode->currentData().toInt());
    row.editor->setEnabled(mode == Mode::Set);
    const bool loading = std::exchange(m_loading, true);
    // What is sent instead: the provider's value, or nothing, which the editor says rather
    // than showing a number that is not sent.
    const QJsonValue instead = mode == Mode::Default
        ? m_defaults.value(QLatin1StringView(row.field->key))
        : QJsonValue();
    const bool nothing = mode != Mode::Set && (instead.isNull() || instead.isUndefined());
    const QString serverDefault = tr("server's default");
    if (auto *spin = qobject_cast<QAbstractSpinBox *>(row.editor)) {
        spin->setSpecialValueText(nothing ? serverDefault : QString());
        if (nothing) {
            if (auto *d = qobject_cast<QDoubleSpinBox *>(spin))
                d->setValue(d->minimum());
            else if (auto *i = qobject_cast<QSpinBox *>(spin))
                i->setValue(i->minimum());
        }
    } else if (auto *box = qobject_cast<QComboBox *>(row.editor)) {
        box->setPlaceholderText(serverDefault);
        if (nothing)
            box->setCurrentIndex(-1);
        else if (box->currentIndex() < 0)
            box->setCurrentIndex(0);
    } else if (auto *line = qobject_cast<QLineEdit *>(row.editor)) {
        line->setPlaceholderText(nothing ? serverDefault : QString());
    }
    if (mode != Mode::Set && !nothing)
        setEditorValue(row, instead);
    else if (nothing && !qobject_cast<QAbstractSpinBox *>(row.editor)
        && !qobject_cast<QComboBox *>(row.editor))
        setEditorValue(row, QJsonValue());
    m_loading = loading;
}

void ParametersPanel::setEditorValue(const Row &row, const QJsonValue &value)
{
    using K = Parameters::Kind;
    switch (row.field->kind) {
    case K::Number:
        static_cast<QDoubleSpinBox *>(row.editor)->setValue(value.toDouble());
        break;
    case K::Integer:
        if (auto *box = qobject_cast<QSpinBox *>(row.editor))
            box->setValue(value.isDouble() ? value.toInt() : box->minimum());
        else
            static_cast<QLineEdit *>(row.editor)
                ->setText(value.isDouble() ? QString::number(qint64(value.toDouble())) : QString());
        break;
    case K::Boolean: {
        auto *box = static_cast<QComboBox *>(row.editor);
        box->setCurrentIndex(value.isBool() && !value.toBool() ? 1 : 0);
        break;
    }
    case K::Choice: {
        auto *box = static_cast<QComboBox *>(row.editor);
        const int index = box->findData(value.toString());
        box->setCurrentIndex(index >= 0 ? index : 0);
        break;
    }
    case K::Text:
        static_cast<QLineEdit *>(row.editor)->setText(value.toString());
        break;
    case K::TextList: {
        QStringList lines;
        if (value.isString())
            lines << value.toString();
        for (const QJsonValue &v : value.toArray())
            lines << v.toString();
        static_cast<QPlainTextEdit *>(row.editor)->setPlainText(lines.join(QLatin1Char('\n')));
        break;
    }
    case K::JsonObject:
        static_cast<QPlainTextEdit *>(row.editor)
            ->setPlainText(value.isObject() ? compact(value.toObject()) : QString());
        break;
    }
}

QJsonValue ParametersPanel::editorValue(const Row &row, QString *error) const
{
    using K = Parameters::Kind;
    QJsonValue value;
    switch (row.field->kind) {
    case K::Number:
        value = static_cast<QDoubleSpinBox *>(row.editor)->value();
        break;
    case K::Integer:
        if (auto *box = qobject_cast<QSpinBox *>(row.editor)) {
            value = box->value();
        } else {
            const QString text = static_cast<QLineEdit *>(row.editor)->text().trimmed();
            if (text.isEmpty()) {
                if (error)
                    *error = tr("%1: enter a number, or choose Default.")
                                 .arg(QCoreApplication::translate("Parameters", row.field->label));
                return {};
            }
            value = double(text.toLongLong());
        }
        break;
    case K::Boolean:
        value = static_cast<QComboBox *>(row.editor)->currentData().toBool();
        break;
    case K::Choice:
        value = static_cast<QComboBox *>(row.editor)->currentData().toString();
        break;
    case K::Text:
        value = static_cast<QLineEdit *>(row.editor)->text();
        break;
    case K::TextList: {
        QJsonArray list;
        const QStringList lines = static_cast<QPlainTextEdit *>(row.editor)
                                      ->toPlainText()
                                      .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &line : lines)
            list.append(line);
        value = list;
        break;
    }
    case K::JsonObject: {
        const Parameters::ParsedObject parsed
            = Parameters::parseObject(static_cast<QPlainTextEdit *>(row.editor)->toPlainText());
        if (!parsed.error.isEmpty()) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(
                    QCoreApplication::translate("Parameters", row.field->label), parsed.error);
            return {};
        }
        value = parsed.object;
        break;
    }
    }
    const QString problem = Parameters::check(QLatin1StringView(row.field->key), value);
    if (!problem.isEmpty() && error)
        *error = problem;
    return value;
}

QJsonObject ParametersPanel::values() const
{
    QJsonObject out = Parameters::parseObject(ui->extraEdit->toPlainText()).object;
    for (const Row &row : m_rows) {
        const QString key = QLatin1StringView(row.field->key);
        switch (Mode(row.mode->currentData().toInt())) {
        case Mode::Default:
            break; // unless the extra body names it, the provider's value or nothing
        case Mode::Off:
            out.insert(key, QJsonValue());
            break;
        case Mode::Set: {
            QString error;
            const QJsonValue value = editorValue(row, &error);
            if (error.isEmpty())
                out.insert(key, value);
            break;
        }
        }
    }
    return out;
}

QString ParametersPanel::errorText() const
{
    const Parameters::ParsedObject extra = Parameters::parseObject(ui->extraEdit->toPlainText());
    if (!extra.error.isEmpty())
        return tr("Extra body: %1").arg(extra.error);
    for (const Row &row : m_rows) {
        if (Mode(row.mode->currentData().toInt()) != Mode::Set)
            continue;
        QString error;
        editorValue(row, &error);
        if (!error.isEmpty())
            return error;
    }
    return {};
}

void ParametersPanel::flush()
{
    if (m_announce.isActive()) {
        m_announce.stop();
        if (errorText().isEmpty())
            emit parametersChanged(values());
    }
    if (m_announcePrompt.isActive()) {
        m_announcePrompt.stop();
        emit systemPromptChanged(ui->systemPromptEdit->toPlainText());
    }
    ui->imageTurnsBox->interpretText(); // a number typed but not yet confirmed
}

void ParametersPanel::edited()
{
    if (m_loading)
        return;
    ui->errorLabel->setText(errorText());
    m_announce.start();
}

void ParametersPanel::setMode(const QString &key, Mode mode)
{
    for (const Row &row : std::as_const(m_rows)) {
        if (key == QLatin1StringView(row.field->key))
            row.mode->setCurrentIndex(row.mode->findData(int(mode)));
    }
}

QWidget *ParametersPanel::editor(const QString &key) const
{
    for (const Row &row : m_rows) {
        if (key == QLatin1StringView(row.field->key))
            return row.editor;
    }
    if (key == QLatin1StringView("extra"))
        return ui->extraEdit;
    return nullptr;
}
