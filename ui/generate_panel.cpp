#include "ui/generate_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/lora_panel.h"
#include "ui/seed_box.h"

namespace hl {
namespace ui {
namespace {

// SDXL's trained resolutions, plus small sizes for quick looks.
const QList<QSize> kSizes = {{1024, 1024}, {1152, 896}, {896, 1152}, {1216, 832},
                             {832, 1216},  {1344, 768}, {768, 1344}, {1536, 640},
                             {640, 1536},  {512, 512},  {256, 256},  {64, 64}};

}  // namespace

GeneratePanel::GeneratePanel(QWidget* parent) : QWidget(parent) {
  setObjectName("generatePanel");
  auto* layout = new QVBoxLayout(this);
  addPrompts(layout);
  QFormLayout* form = buildSamplingForm();
  // A1111's hires fix and the FaceDetailer pass, one row each.
  addHiresRow(form);
  addFaceDetailRow(form);
  layout->addLayout(form);
  loras_ = new LoraPanel(this);
  layout->addWidget(loras_);
  layout->addLayout(buildButtons());
}

// The prompt with its history, the trigger-word note and the negative prompt with its preset.
void GeneratePanel::addPrompts(QVBoxLayout* layout) {
  auto* promptHeader = new QHBoxLayout();
  promptHeader->addWidget(new QLabel(tr("Prompt"), this));
  history_ = new QComboBox(this);
  history_->setObjectName("promptHistory");
  history_->setToolTip(tr("Earlier prompts (Ctrl+Up / Ctrl+Down in the prompt)"));
  history_->setPlaceholderText(tr("History"));
  history_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  history_->setMinimumContentsLength(10);
  promptHeader->addWidget(history_, 1);
  layout->addLayout(promptHeader);
  auto* trigger = new QLabel(
      tr("With an identity, HyperLoRA's trigger words \"fcsks fxhks fhyks,\" are added for you."),
      this);
  trigger->setObjectName("triggerNote");
  trigger->setWordWrap(true);
  trigger->setStyleSheet("QLabel { color: #5f6368; font-size: 11px; }");
  layout->addWidget(trigger);
  prompt_ = new QPlainTextEdit(this);
  prompt_->setObjectName("prompt");
  prompt_->setPlaceholderText(tr("a portrait photo of a woman, 85mm, soft light"));
  prompt_->setTabChangesFocus(true);
  layout->addWidget(prompt_, 2);
  auto* negHeader = new QHBoxLayout();
  negHeader->addWidget(new QLabel(tr("Negative prompt"), this), 1);
  auto* preset = new QPushButton(tr("Official preset"), this);
  preset->setObjectName("negativePreset");
  preset->setToolTip(tr("The negative prompt of HyperLoRA's example workflows"));
  negHeader->addWidget(preset);
  layout->addLayout(negHeader);
  negative_ = new QPlainTextEdit(this);
  negative_->setObjectName("negativePrompt");
  negative_->setTabChangesFocus(true);
  layout->addWidget(negative_, 1);
  connect(preset, &QPushButton::clicked, this,
          [this] { negative_->setPlainText(officialNegativePrompt()); });
  connect(history_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
    prompt_->setPlainText(history_->itemText(i));
    historyPos_ = i;
  });
  prompt_->installEventFilter(this);
  for (const QString& p : QSettings().value("generate/promptHistory").toStringList())
    history_->addItem(p);
}

QFormLayout* GeneratePanel::buildSamplingForm() {
  auto* form = new QFormLayout();
  sampler_ = new QComboBox(this);
  sampler_->setObjectName("sampler");
  for (SamplerKind k : allSamplers()) sampler_->addItem(samplerLabel(k), QString(samplerName(k)));
  sampler_->setCurrentIndex(sampler_->findData(QString("dpmpp_2m_karras")));
  form->addRow(tr("Sampler"), sampler_);
  size_ = new QComboBox(this);
  size_->setObjectName("size");
  for (const QSize& s : kSizes)
    size_->addItem(QString("%1 x %2").arg(s.width()).arg(s.height()), s);
  form->addRow(tr("Size"), size_);
  steps_ = new QSpinBox(this);
  steps_->setObjectName("steps");
  steps_->setRange(1, 150);
  steps_->setValue(20);  // the official workflows: 20 steps, CFG 5, DPM++ 2M Karras
  form->addRow(tr("Steps"), steps_);
  cfg_ = new QDoubleSpinBox(this);
  cfg_->setObjectName("cfg");
  cfg_->setRange(1.0, 30.0);
  cfg_->setSingleStep(0.5);
  cfg_->setValue(5.0);
  form->addRow(tr("CFG scale"), cfg_);
  auto* seedRow = new QHBoxLayout();
  seed_ = new SeedBox(this);
  seed_->setObjectName("seed");
  randomSeed_ = new QCheckBox(tr("Random"), this);
  randomSeed_->setObjectName("randomSeed");
  randomSeed_->setChecked(true);
  randomSeed_->setToolTip(tr("Draw a new seed for every generation; untick to lock the seed"));
  seedRow->addWidget(seed_, 1);
  seedRow->addWidget(randomSeed_);
  form->addRow(tr("Seed"), seedRow);
  batch_ = new QSpinBox(this);
  batch_->setObjectName("batch");
  batch_->setRange(1, 64);
  batch_->setToolTip(tr("How many images one Generate queues, at consecutive seeds"));
  form->addRow(tr("Batch count"), batch_);
  return form;
}

void GeneratePanel::addHiresRow(QFormLayout* form) {
  auto* hiresRow = new QHBoxLayout();
  hires_ = new QCheckBox(tr("Hires fix"), this);
  hires_->setObjectName("hires");
  hires_->setToolTip(tr("Generate at the size above, upscale, then refine with image to image"));
  hiresScale_ = new QDoubleSpinBox(this);
  hiresScale_->setObjectName("hiresScale");
  hiresScale_->setRange(1.05, 4.0);
  hiresScale_->setSingleStep(0.25);
  hiresScale_->setValue(1.5);
  hiresScale_->setPrefix(QString::fromUtf8("\u00d7"));
  hiresUpscaler_ = new QComboBox(this);
  hiresUpscaler_->setObjectName("hiresUpscaler");
  hiresUpscaler_->addItem(tr("Lanczos"), "lanczos");
  hiresUpscaler_->addItem(tr("Latent"), "latent");
  hiresDenoise_ = new QDoubleSpinBox(this);
  hiresDenoise_->setObjectName("hiresDenoise");
  hiresDenoise_->setRange(0.05, 1.0);
  hiresDenoise_->setSingleStep(0.05);
  hiresDenoise_->setValue(0.5);
  hiresDenoise_->setToolTip(tr("Denoising strength of the refinement"));
  for (QWidget* w :
       std::initializer_list<QWidget*>{hires_, hiresScale_, hiresUpscaler_, hiresDenoise_})
    hiresRow->addWidget(w);
  form->addRow(hiresRow);
}

void GeneratePanel::addFaceDetailRow(QFormLayout* form) {
  auto* faceRow = new QHBoxLayout();
  faceDetail_ = new QCheckBox(tr("Face detail"), this);
  faceDetail_->setObjectName("faceDetail");
  faceDetail_->setToolTip(
      tr("Redo every face at a higher resolution with the same prompt, identity and seed "
         "(the official workflows' FaceDetailer). Needs the face models."));
  faceDenoise_ = new QDoubleSpinBox(this);
  faceDenoise_->setObjectName("faceDetailDenoise");
  faceDenoise_->setRange(0.05, 1.0);
  faceDenoise_->setSingleStep(0.05);
  faceDenoise_->setValue(0.5);
  faceDenoise_->setToolTip(tr("Denoising strength of the face pass"));
  faceSteps_ = new QSpinBox(this);
  faceSteps_->setObjectName("faceDetailSteps");
  faceSteps_->setRange(1, 100);
  faceSteps_->setValue(10);
  faceSteps_->setSuffix(tr(" steps"));
  for (QWidget* w : std::initializer_list<QWidget*>{faceDetail_, faceDenoise_, faceSteps_})
    faceRow->addWidget(w);
  faceRow->addStretch(1);
  form->addRow(faceRow);
}

QHBoxLayout* GeneratePanel::buildButtons() {
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
  connect(generate_, &QPushButton::clicked, this, &GeneratePanel::generateRequested);
  connect(cancel_, &QPushButton::clicked, this, &GeneratePanel::cancelRequested);
  return buttons;
}

QString GeneratePanel::officialNegativePrompt() {
  return "big breast, nsfw, lowres, bad anatomy, bad hands, text, error, missing fingers, extra "
         "digit, "
         "fewer digits, cropped, worst quality, low quality, normal quality, jpeg artifacts, "
         "signature, "
         "watermark, username, blurry, bad feet";
}

void GeneratePanel::rememberPrompt(const QString& prompt) {
  if (prompt.trimmed().isEmpty()) return;
  const int existing = history_->findText(prompt);
  if (existing >= 0) history_->removeItem(existing);
  history_->insertItem(0, prompt);
  while (history_->count() > 50) history_->removeItem(history_->count() - 1);
  history_->setCurrentIndex(-1);
  historyPos_ = -1;
  QSettings().setValue("generate/promptHistory", promptHistory());
}

QStringList GeneratePanel::promptHistory() const {
  QStringList l;
  for (int i = 0; i < history_->count(); ++i) l << history_->itemText(i);
  return l;
}

void GeneratePanel::recallHistory(int delta) {
  if (history_->count() == 0) return;
  historyPos_ = std::clamp(historyPos_ + delta, 0, history_->count() - 1);
  prompt_->setPlainText(history_->itemText(historyPos_));
}

bool GeneratePanel::eventFilter(QObject* watched, QEvent* event) {
  if (watched == prompt_ && event->type() == QEvent::KeyPress) {
    auto* k = static_cast<QKeyEvent*>(event);
    if (k->modifiers() == Qt::ControlModifier &&
        (k->key() == Qt::Key_Up || k->key() == Qt::Key_Down)) {
      recallHistory(k->key() == Qt::Key_Up ? 1 : -1);  // Up goes back in time
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

studio::GenerationSettings GeneratePanel::settings() {
  if (randomSeed_->isChecked())
    seed_->setValue(QRandomGenerator::global()->generate());  // 32 bits, as A1111 draws
  studio::GenerationSettings r;
  r.prompt = prompt_->toPlainText().toStdString();
  rememberPrompt(prompt_->toPlainText());
  r.negativePrompt = negative_->toPlainText().toStdString();
  r.sampler = parseSamplerKind(sampler_->currentData().toString().toStdString());
  const QSize s = size_->currentData().toSize();
  r.width = s.width();
  r.height = s.height();
  r.steps = steps_->value();
  r.cfg = cfg_->value();
  r.seed = seed_->value();
  r.loras = loras_->loras();
  r.hires.enabled = hires_->isChecked();
  r.hires.scale = hiresScale_->value();
  r.hires.upscaler = hiresUpscaler_->currentData().toString().toStdString();
  r.hires.denoise = hiresDenoise_->value();
  r.faceDetail.enabled = faceDetail_->isChecked();
  r.faceDetail.denoise = faceDenoise_->value();
  r.faceDetail.steps = faceSteps_->value();
  return r;
}

void GeneratePanel::recall(const studio::GenerationSettings& r) {
  prompt_->setPlainText(QString::fromStdString(r.prompt));
  negative_->setPlainText(QString::fromStdString(r.negativePrompt));
  sampler_->setCurrentIndex(sampler_->findData(QString(samplerName(r.sampler))));
  const int sz = size_->findData(QSize(r.width, r.height));
  if (sz >= 0) size_->setCurrentIndex(sz);
  steps_->setValue(r.steps);
  cfg_->setValue(r.cfg);
  seed_->setValue(r.seed);
  randomSeed_->setChecked(false);  // recalling a result means reproducing it
  loras_->setLoras(r.loras);
  hires_->setChecked(r.hires.enabled);
  if (r.hires.enabled) {
    hiresScale_->setValue(r.hires.scale);
    hiresUpscaler_->setCurrentIndex(
        std::max(0, hiresUpscaler_->findData(QString::fromStdString(r.hires.upscaler))));
    hiresDenoise_->setValue(r.hires.denoise);
  }
  faceDetail_->setChecked(r.faceDetail.enabled);
  if (r.faceDetail.enabled) {
    faceDenoise_->setValue(r.faceDetail.denoise);
    faceSteps_->setValue(r.faceDetail.steps);
  }
}

void GeneratePanel::setBusy(bool busy) {
  cancel_->setEnabled(busy);
}

void GeneratePanel::lockSeed() {
  randomSeed_->setChecked(false);
}

void GeneratePanel::saveSettings() const {
  QSettings s;
  s.setValue("generate/prompt", prompt_->toPlainText());
  s.setValue("generate/negative", negative_->toPlainText());
  s.setValue("generate/sampler", sampler_->currentData());
  s.setValue("generate/size", size_->currentData());
  s.setValue("generate/steps", steps_->value());
  s.setValue("generate/cfg", cfg_->value());
  s.setValue("generate/seed", QString::number(seed_->value()));
  s.setValue("generate/randomSeed", randomSeed_->isChecked());
  s.setValue("generate/batch", batch_->value());
  s.setValue("generate/hires", hires_->isChecked());
  s.setValue("generate/hiresScale", hiresScale_->value());
  s.setValue("generate/hiresUpscaler", hiresUpscaler_->currentData());
  s.setValue("generate/hiresDenoise", hiresDenoise_->value());
  s.setValue("generate/faceDetail", faceDetail_->isChecked());
  s.setValue("generate/faceDetailDenoise", faceDenoise_->value());
  s.setValue("generate/faceDetailSteps", faceSteps_->value());
  loras_->saveSettings();
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
  seed_->setValue(s.value("generate/seed").toULongLong());
  randomSeed_->setChecked(s.value("generate/randomSeed", true).toBool());
  batch_->setValue(s.value("generate/batch", 1).toInt());
  hires_->setChecked(s.value("generate/hires", false).toBool());
  hiresScale_->setValue(s.value("generate/hiresScale", 1.5).toDouble());
  hiresUpscaler_->setCurrentIndex(
      std::max(0, hiresUpscaler_->findData(s.value("generate/hiresUpscaler", "lanczos"))));
  hiresDenoise_->setValue(s.value("generate/hiresDenoise", 0.5).toDouble());
  faceDetail_->setChecked(s.value("generate/faceDetail", false).toBool());
  faceDenoise_->setValue(s.value("generate/faceDetailDenoise", 0.5).toDouble());
  faceSteps_->setValue(s.value("generate/faceDetailSteps", 10).toInt());
  loras_->restoreSettings();
}

int GeneratePanel::batchCount() const {
  return batch_->value();
}

}  // namespace ui
}  // namespace hl
