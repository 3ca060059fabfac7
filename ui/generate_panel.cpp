#include "ui/generate_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace hl {
namespace ui {
namespace {

// SDXL's trained resolutions, plus small sizes for quick looks.
const QList<QSize> kSizes = {{1024, 1024}, {1152, 896}, {896, 1152}, {1216, 832}, {832, 1216},
                             {1344, 768},  {768, 1344}, {1536, 640}, {640, 1536}, {512, 512},
                             {256, 256},   {64, 64}};

}  // namespace

GeneratePanel::GeneratePanel(QWidget* parent) : QWidget(parent) {
  setObjectName("generatePanel");
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Prompt"), this));
  prompt_ = new QPlainTextEdit(this);
  prompt_->setObjectName("prompt");
  prompt_->setPlaceholderText(tr("a portrait photo of a woman, 85mm, soft light"));
  prompt_->setTabChangesFocus(true);
  layout->addWidget(prompt_, 2);
  layout->addWidget(new QLabel(tr("Negative prompt"), this));
  negative_ = new QPlainTextEdit(this);
  negative_->setObjectName("negativePrompt");
  negative_->setTabChangesFocus(true);
  layout->addWidget(negative_, 1);

  auto* form = new QFormLayout();
  sampler_ = new QComboBox(this);
  sampler_->setObjectName("sampler");
  for (SamplerKind k : allSamplers()) sampler_->addItem(samplerLabel(k), QString(samplerName(k)));
  sampler_->setCurrentIndex(sampler_->findData(QString("dpmpp_2m_karras")));
  form->addRow(tr("Sampler"), sampler_);
  size_ = new QComboBox(this);
  size_->setObjectName("size");
  for (const QSize& s : kSizes) size_->addItem(QString("%1 x %2").arg(s.width()).arg(s.height()), s);
  form->addRow(tr("Size"), size_);
  steps_ = new QSpinBox(this);
  steps_->setObjectName("steps");
  steps_->setRange(1, 150);
  steps_->setValue(30);
  form->addRow(tr("Steps"), steps_);
  cfg_ = new QDoubleSpinBox(this);
  cfg_->setObjectName("cfg");
  cfg_->setRange(1.0, 30.0);
  cfg_->setSingleStep(0.5);
  cfg_->setValue(5.0);
  form->addRow(tr("CFG scale"), cfg_);
  auto* seedRow = new QHBoxLayout();
  seed_ = new QSpinBox(this);
  seed_->setObjectName("seed");
  seed_->setRange(0, 2147483647);
  randomSeed_ = new QCheckBox(tr("Random"), this);
  randomSeed_->setObjectName("randomSeed");
  randomSeed_->setChecked(true);
  randomSeed_->setToolTip(tr("Draw a new seed for every generation; untick to lock the seed"));
  seedRow->addWidget(seed_, 1);
  seedRow->addWidget(randomSeed_);
  form->addRow(tr("Seed"), seedRow);
  layout->addLayout(form);

  auto* buttons = new QHBoxLayout();
  generate_ = new QPushButton(tr("Generate"), this);
  generate_->setObjectName("generateButton");
  generate_->setToolTip(tr("Generate (Ctrl+Enter)"));
  generate_->setDefault(true);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName("cancelButton");
  cancel_->setToolTip(tr("Stop the running generation (Esc)"));
  cancel_->setEnabled(false);
  buttons->addWidget(generate_, 2);
  buttons->addWidget(cancel_, 1);
  layout->addLayout(buttons);
  connect(generate_, &QPushButton::clicked, this, &GeneratePanel::generateRequested);
  connect(cancel_, &QPushButton::clicked, this, &GeneratePanel::cancelRequested);
}

GenerateRequest GeneratePanel::request() {
  if (randomSeed_->isChecked()) seed_->setValue(int(QRandomGenerator::global()->bounded(2147483647)));
  GenerateRequest r;
  r.prompt = prompt_->toPlainText().toStdString();
  r.negativePrompt = negative_->toPlainText().toStdString();
  r.sampler = parseSamplerKind(sampler_->currentData().toString().toStdString());
  const QSize s = size_->currentData().toSize();
  r.width = s.width();
  r.height = s.height();
  r.steps = steps_->value();
  r.guidanceScale = cfg_->value();
  r.seed = uint64_t(seed_->value());
  return r;
}

void GeneratePanel::recall(const GenerateRequest& r) {
  prompt_->setPlainText(QString::fromStdString(r.prompt));
  negative_->setPlainText(QString::fromStdString(r.negativePrompt));
  sampler_->setCurrentIndex(sampler_->findData(QString(samplerName(r.sampler))));
  const int sz = size_->findData(QSize(r.width, r.height));
  if (sz >= 0) size_->setCurrentIndex(sz);
  steps_->setValue(r.steps);
  cfg_->setValue(r.guidanceScale);
  seed_->setValue(int(r.seed));
  randomSeed_->setChecked(false);  // recalling a result means reproducing it
}

void GeneratePanel::setBusy(bool busy) { cancel_->setEnabled(busy); }

void GeneratePanel::lockSeed() { randomSeed_->setChecked(false); }

void GeneratePanel::saveSettings() const {
  QSettings s;
  s.setValue("generate/prompt", prompt_->toPlainText());
  s.setValue("generate/negative", negative_->toPlainText());
  s.setValue("generate/sampler", sampler_->currentData());
  s.setValue("generate/size", size_->currentData());
  s.setValue("generate/steps", steps_->value());
  s.setValue("generate/cfg", cfg_->value());
  s.setValue("generate/seed", seed_->value());
  s.setValue("generate/randomSeed", randomSeed_->isChecked());
}

void GeneratePanel::restoreSettings() {
  QSettings s;
  if (!s.contains("generate/steps")) return;
  prompt_->setPlainText(s.value("generate/prompt").toString());
  negative_->setPlainText(s.value("generate/negative").toString());
  const int smp = sampler_->findData(s.value("generate/sampler"));
  if (smp >= 0) sampler_->setCurrentIndex(smp);
  const int sz = size_->findData(s.value("generate/size"));
  if (sz >= 0) size_->setCurrentIndex(sz);
  steps_->setValue(s.value("generate/steps").toInt());
  cfg_->setValue(s.value("generate/cfg").toDouble());
  seed_->setValue(s.value("generate/seed").toInt());
  randomSeed_->setChecked(s.value("generate/randomSeed", true).toBool());
}

}  // namespace ui
}  // namespace hl
