// Fixed 64-entry table for the 7-emoji SAS (6 bits each, 42 bits). Never reorder: every client
// must map the same index to the same picture. Same pictures and order as Matrix's SAS table, chosen
// to be distinct and easy to name aloud.

export interface SasEmoji {
  readonly symbol: string
  readonly name: string
}

const TABLE = [
  '🐶 Dog',
  '🐱 Cat',
  '🦁 Lion',
  '🐎 Horse',
  '🦄 Unicorn',
  '🐷 Pig',
  '🐘 Elephant',
  '🐰 Rabbit',
  '🐼 Panda',
  '🐓 Rooster',
  '🐧 Penguin',
  '🐢 Turtle',
  '🐟 Fish',
  '🐙 Octopus',
  '🦋 Butterfly',
  '🌷 Flower',
  '🌳 Tree',
  '🌵 Cactus',
  '🍄 Mushroom',
  '🌏 Globe',
  '🌙 Moon',
  '☁️ Cloud',
  '🔥 Fire',
  '🍌 Banana',
  '🍎 Apple',
  '🍓 Strawberry',
  '🌽 Corn',
  '🍕 Pizza',
  '🎂 Cake',
  '❤️ Heart',
  '😀 Smiley',
  '🤖 Robot',
  '🎩 Hat',
  '👓 Glasses',
  '🔧 Spanner',
  '🎅 Santa',
  '👍 Thumbs up',
  '☂️ Umbrella',
  '⌛ Hourglass',
  '⏰ Clock',
  '🎁 Gift',
  '💡 Light bulb',
  '📕 Book',
  '✏️ Pencil',
  '📎 Paperclip',
  '✂️ Scissors',
  '🔒 Lock',
  '🔑 Key',
  '🔨 Hammer',
  '☎️ Telephone',
  '🏁 Flag',
  '🚂 Train',
  '🚲 Bicycle',
  '✈️ Aeroplane',
  '🚀 Rocket',
  '🏆 Trophy',
  '⚽ Ball',
  '🎸 Guitar',
  '🎺 Trumpet',
  '🔔 Bell',
  '⚓ Anchor',
  '🎧 Headphones',
  '📁 Folder',
  '📌 Pin',
] as const

export const SAS_EMOJI: readonly SasEmoji[] = TABLE.map((entry) => {
  const space = entry.indexOf(' ')
  return Object.freeze({ symbol: entry.slice(0, space), name: entry.slice(space + 1) })
})
