import type { en } from './en';

/** 中文. Same keys as en (the type checks it); TRL statistic names stay in English. */
export const zh: typeof en = {
  common: { dismiss: '关闭' },
  footer: '本页上的每个数字都来自在此标签页中运行的引擎。快捷键：空格 = 前进一个阶段，r = 运行 / 暂停。',
  status: { preparing: '正在准备模型…' },
  phase: { sample: '采样', feedback: '反馈', learn: '学习' },
  speed: { slow: '慢', normal: '正常', fast: '快' },
  scenario: {
    reviews: { title: '正面评论' },
    'reward-hacking': { title: '奖励欺骗' },
    arithmetic: { title: '可验证的答案' },
  },
  top: {
    toolbar: '运行设置', runControls: '运行控制', display: '显示',
    scenario: '场景', preset: '模型大小', seed: '随机种子', engine: '引擎',
    engineAuto: '自动', engineGpu: 'GPU（WebGPU）', engineCpu: 'CPU',
    run: '▶ 运行', pause: '⏸ 暂停', stepPhase: '前进：{{phase}}', stepIteration: '前进一次迭代', reset: '重置',
    speed: '速度', iteration: '第 {{n}} 次迭代', language: '语言',
    projector: '投影模式', colourSafe: '色盲友好配色', diagnostics: '诊断',
  },
  busy: {
    idle: '空闲', running: '运行中', open: '正在准备模型…', reset: '正在重置…',
    sample: '采样中…', feedback: '打分中…', learn: '学习中…',
    'label-pairs': '正在采样答案对…', 'retrain-reward': '正在重新训练奖励模型…', 'train-stages': '正在训练 SFT 和奖励模型…',
  },
  banner: {
    short: { chosen: '手动选择', 'no-webgpu': '无 WebGPU', fallback: '软件 GPU', 'gpu-failed': 'GPU 启动失败', 'device-lost': 'GPU 丢失' },
    'no-webgpu': {
      title: 'WebGPU 不可用。',
      body: '{{detail}} 本页改用 CPU 引擎运行：大模型更慢，数学完全相同。Chrome 和 Edge 113+、Safari 26+ 以及 Firefox 141+（Windows）支持 WebGPU。',
    },
    fallback: {
      title: '软件 GPU 适配器。',
      body: '当前适配器是软件回退实现（{{detail}}）：在这里 CPU 引擎更快，所以默认使用 CPU。仍可选择 GPU 引擎（“引擎”菜单，或链接中的 engine=gpu）。',
    },
    'gpu-failed': { title: 'GPU 引擎无法启动。', body: '{{detail}} 已改用 CPU 引擎。' },
    'device-lost': { title: 'GPU 设备丢失。', body: '{{detail}}' },
    useGpu: '仍然使用 GPU 引擎', useCpu: '在 CPU 引擎上继续',
  },
  notice: { title: '部分设置无法使用，已改用默认值：' },
  error: {
    'device-lost': 'GPU 设备丢失。', diverged: '训练发散。', gpu: 'GPU 错误。', config: '设置无效。',
    checkpoint: '检查点不可用。', other: '引擎错误。', statsKept: '本次运行到目前为止的统计数据已保留。',
  },
  progress: { sft: '监督微调', rm: '奖励模型训练', normalise: '归一化奖励模型', load: '加载检查点', step: '第 {{step}} / {{steps}} 步', loss: '损失', accuracy: '准确率' },
  timing: { line: '最近各阶段（{{engine}} 引擎）：采样 {{sample}}，反馈 {{feedback}}，学习 {{learn}}', iteration: '一次迭代 {{total}}' },
  pipe: {
    title: '流程：四个模型，一次迭代', svgLabel: '流程图，当前阶段：{{phase}}',
    prompts: '提示', actor: '策略模型', answers: '回答', temperature: '采样', logits: 'logits', reference: '参考模型',
    reward: '奖励模型', checker: '检查器', score: '分数', critic: '价值模型', values: '价值', rewards: '奖励',
    whiten: '白化 Â', off: '关闭', policyLoss: 'PPO 截断损失', actorUpdate: '更新策略', valueLoss: '价值损失', criticUpdate: '更新价值模型',
  },
  sampling: {
    title: '1 · 采样：策略模型写出回答', empty: '按“前进：采样”（或空格键），让策略模型写出一批回答。',
    intro: '{{B}} 个回答，每个最多 {{T}} 个词元，由引擎一次生成，并按生成顺序逐个显示。点击一个词元，查看它是从哪个分布中抽出的。',
    tokenLabel: '回答 {{b}} 第 {{t}} 个位置的词元“{{token}}”',
    topkTitle: '“{{context}}”之后的下一个词元 —— softmax(logits / τ)，τ = {{temperature}}',
    sampledProb: '被抽中的词元“{{token}}”的概率是 {{p}}。',
  },
  feedback: {
    title: '2 · 反馈：分数、KL 与逐词元奖励', empty: '采样之后再前进一步：奖励模型给每个回答打分，参考模型给出每个词元的 KL。',
    logprob: 'log π_θ', refLogprob: 'log π_ref', kl: 'KL（{{k}}）', reward: '奖励',
    score: '分数', gold: '真实分', clipped: '截断后：{{v}}', noEos: '没有 EOS → {{v}}',
    rewardClip: '分数截断 ±{{c}}', estimatorInReward: '奖励使用 {{k}}', klShown: '显示的 KL',
    landingTitle: '奖励 = −β·KL + clip(分数) = −{{beta}}·KL + {{score}}',
    legend: '★ 标出最后一个真实词元，截断后的分数落在这里。灰色格子在 EOS 之后（被屏蔽）。KL 行由上方两行对数概率重新计算；奖励行是引擎的结果。',
  },
  learning: {
    title: '3 · 学习：GAE、优势与截断更新', empty: '反馈之后再前进一步：GAE 把奖励和价值变成优势，然后 PPO 更新策略模型和价值模型。',
    value: 'V（价值模型）', delta: 'δ', adv: 'A（GAE）', advWhite: 'Â（白化后）', advNotWhite: 'Â（= A，未白化）', ret: 'R = A + V', ratio: '比率 [{{lo}}, {{hi}}]',
    scanRunning: 'GAE 扫描到 t = {{t}}（从最后一个词元向前）。', scanAt: '回答 #{{b}}，t = {{t}}。', scanHint: '把鼠标放在词元上查看它的数值。',
    lastToken: '最后一个真实词元：其后的 V 为 0', maskedToken: '该位置在 EOS 之后：被屏蔽，这里所有张量都是 0。',
    ratioPlot: '最后一轮中每个词元的比率 π_new/π_old 与截断带；{{total}} 个词元中有 {{n}} 个被截断（✕）。',
    advAxis: 'Â', inBand: '在截断带内或未越界', clippedTokens: '被截断',
    minibatches: '每次小批量更新：损失、截断比例、近似 KL 与梯度范数', epoch: '轮次', policyLoss: '策略损失', valueLoss: '价值损失',
  },
  inspect: {
    title: '查看', hint: '把鼠标放在任何词元格子上，查看 (b, t) 处的所有张量。', klUsed: '奖励中的 KL（{{k}}）', entropy: '熵',
    reward: '奖励', score: '分数（整个回答）', gold: '真实分（整个回答）', ratio: '比率', clipped: '被截断',
  },
  charts: {
    title: '迭代过程中的变化', empty: '每次迭代，图表增加一个点。', iteration: '第 {{n}} 次迭代', png: '把图表“{{title}}”保存为 PNG',
    s: { scores: 'objective/scores（奖励模型）', gold: 'objective/gold_score', rlhf: 'objective/rlhf_reward' },
    t: { scores: '分数与真实分', kl: 'KL 与 β', entropy: '熵', clipfrac: '截断比例', approxkl: '近似 KL', losses: '损失', varexp: '解释方差', length: '回答长度与 EOS 比例' },
  },
  export: {
    csv: '导出统计（CSV）', json: '导出统计（JSON）', link: '复制本次运行的链接', copied: '链接已复制',
    open: '从统计文件打开设置', saved: '本次运行已于 {{time}} 保存在此浏览器中', notSaved: '尚未保存',
  },
  hp: {
    title: '超参数', intro: '由引擎校验；修改从下一次迭代开始生效，无需重置。',
    pending: '修改将从第 {{n}} 次迭代开始生效（下一个采样阶段）。', pendingField: '已修改（原为 {{was}}）', seeOther: '与{{field}}冲突',
    g: { kl: 'KL 惩罚', ppo: 'PPO 与 GAE', optim: '优化器', rollout: '采样与奖励' },
    f: {
      klCoef: 'KL 系数', adaptiveKl: '自适应 β（目标 KL）', klTarget: '目标 KL', klHorizon: '时间范围', klEstimator: '奖励中的 KL 估计器',
      clipEps: '策略截断', valueClipEps: '价值截断', gamma: '折扣因子', lambda: 'GAE λ', whitenAdvantages: '优势白化',
      epochs: '轮数', minibatches: '小批量数', actorLr: '策略学习率', criticLr: '价值学习率', maxGradNorm: '梯度截断',
      lrSchedule: '学习率调度', totalIterations: '调度长度', batchSize: '批大小', maxResponseLength: '最大回答长度',
      temperature: '温度', rewardClip: '奖励截断', missingEosPenalty: '无 EOS 时的分数', seed: '随机种子', criticInit: '价值模型初始化',
    },
  },
  stages: {
    title: 'PPO 之前：SFT 与奖励模型',
    intro: 'PPO 从一个监督微调模型（SFT：在示例回答上做下一个词元的交叉熵训练）和一个奖励模型开始；奖励模型在偏好对上用损失 −log σ(s_chosen − s_rejected) 训练。',
    source: {
      checkpoint: '模型：随应用发布的“{{preset}}”检查点（每个模型 {{params}} 个参数）。',
      'trained-here': '模型：在此标签页中训练（{{preset}}，每个模型 {{params}} 个参数）。',
      restored: '模型：从此浏览器保存的运行中恢复（{{preset}}，每个模型 {{params}} 个参数）。',
    },
    sftCurve: '每步的 SFT 损失', rmCurve: '奖励模型：每步的损失与准确率', loss: '损失', accuracy: '准确率',
    heldOut: '奖励模型在留出偏好对上的准确率：{{acc}}', sftSteps: 'SFT 步数', rmSteps: '奖励模型步数',
    trainSft: '在这里训练 SFT', train: '在这里训练 SFT + 奖励模型', trainNote: '使用 {{engine}} 引擎；PPO 将从新模型重新开始。',
    noRm: '这个场景用规则检查答案，因此没有需要训练或标注的奖励模型。',
  },
  labeler: {
    title: '当一回标注员', intro: 'SFT 模型对同一个提示写出的两个回答：选出更好的那个。然后奖励模型在全班的标注上重新训练，PPO 从下一个反馈阶段开始使用它。',
    steps: '训练步数', new: '新的答案对', count: '已标注 {{n}} 对', retrain: '用 {{n}} 对重新训练奖励模型', skip: '跳过',
    pick: '回答 {{which}} 更好：{{text}}', gold: '真实分',
    result: '已在全班标注的 {{n}} 对上重新训练。在留出的答案对上，它与脚本标注员的一致率为 {{acc}}。',
  },
  rows: { showing: '显示 {{B}} 个回答中的 {{n}} 个。', all: '显示全部', fewer: '显示较少' },
  explain: {
    title: '这个阶段发生了什么',
    sample: {
      title: '采样',
      body: '策略模型（正在训练的模型）为每个提示逐个词元地写出回答：在每个位置，它用温度为 τ 的 softmax 把 logits 变成概率，再抽出下一个词元，直到 EOS 或长度上限。',
      formula: 'p(词元 | 前缀) = softmax(logits / τ)[词元]\n为每个回答词元记录 log π_θ(a_t | s_t)',
    },
    feedback: {
      title: '反馈',
      body: '奖励模型给每个完整回答打分。冻结的参考模型（SFT 模型）给出训练前每个词元的概率；两者之差就是 KL 惩罚，它让策略模型不偏离参考模型太远。两者合成每个词元的奖励，分数落在最后一个真实词元上。',
      formula: 'KL_t (k1) = log π_θ − log π_ref    k2 = ½Δ²    k3 = (r − 1) − log r,  r = π_ref/π_θ\nr_t = −β·KL_t （最后一个词元再加 clip(分数, −c, c)）',
    },
    learn: {
      title: '学习',
      body: '价值模型的估计和奖励给出 TD 残差；GAE 从最后一个词元向前把它们累加成优势。然后在 K 轮、每轮 M 个小批量中，策略模型沿截断的替代目标更新（超出截断带不再获益），价值模型把价值回归到回报上。',
      formula: 'δ_t = r_t + γV_{t+1} − V_t     A_t = δ_t + γλA_{t+1}     R_t = A_t + V_t\nL_π = mean(max(−Â·ρ, −Â·clip(ρ, 1−ε, 1+ε))),  ρ = exp(log π_new − log π_old)\nL_V = ½·mean(max((V−R)², (clip(V, V_old ± εv) − R)²))',
    },
  },
};
