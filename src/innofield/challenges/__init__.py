"""Open innovation challenges (揭榜挂帅): a problem with a prize held in escrow, judged
against published criteria and paid to the winners or returned to the poster."""
