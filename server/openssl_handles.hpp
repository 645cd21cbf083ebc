#pragma once
// Owning handles for the OpenSSL objects the server creates, so that every early return frees.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <string>

namespace madoguchi::server {

template <auto Free>
struct OpensslDeleter {
    template <typename T>
    void operator()(T* pointer) const {
        Free(pointer);
    }
};

using PkeyHandle = std::unique_ptr<EVP_PKEY, OpensslDeleter<EVP_PKEY_free>>;
using X509Handle = std::unique_ptr<X509, OpensslDeleter<X509_free>>;
using BioHandle = std::unique_ptr<BIO, OpensslDeleter<BIO_free_all>>;
using BignumHandle = std::unique_ptr<BIGNUM, OpensslDeleter<BN_free>>;
using MdCtxHandle = std::unique_ptr<EVP_MD_CTX, OpensslDeleter<EVP_MD_CTX_free>>;
using X509StoreHandle = std::unique_ptr<X509_STORE, OpensslDeleter<X509_STORE_free>>;

// The oldest error on this thread's OpenSSL queue, for the log; clears the queue.
std::string openssl_error_text();

}  // namespace madoguchi::server
