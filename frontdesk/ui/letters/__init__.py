"""Work contact letters (Z-QR-025): the letter form and the letters list."""
